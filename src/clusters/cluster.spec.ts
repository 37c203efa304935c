import { spec } from '../../test/support/decider-spec';
import { type FederationState, initialFederationState } from '../organisation/federation';
import { clusterDecider } from './cluster';
import { type ClusterEvent, type Indicator, weightsOf } from './clusters.events';

const district = (id: string, extra: Partial<FederationState> = {}): FederationState => ({
  ...initialFederationState,
  status: 'active',
  id,
  name: `LĐLĐ huyện ${id}`,
  parentId: 'ha-noi',
  registeredOn: '1991-01-01',
  ...extra,
});

const cluster4 = ['phuc-tho', 'ba-vi', 'thach-that', 'dan-phuong', 'hoai-duc', 'quoc-oai'];
const federations: Record<string, FederationState> = Object.fromEntries(
  [...cluster4, 'son-tay'].map((id) => [id, district(id)]),
);

const formed = (year = 2023, federationIds = cluster4, occurredOn = `${year}-01-10`) =>
  ({
    type: 'ClusterFormed',
    data: { occurredOn, clusterId: 'cum-4', year, name: `Cụm thi đua số 4 năm ${year}`, federationIds },
  }) as ClusterEvent;

const noWeights = weightsOf();

const clusters = spec(clusterDecider);

describe('emulation cluster', () => {
  describe('FormCluster', () => {
    const form = (federationIds = cluster4, year = 2023) => ({
      type: 'FormCluster' as const,
      clusterId: 'cum-4',
      year,
      name: `Cụm thi đua số 4 năm ${year}`,
      federationIds,
    });

    it('forms a year of active federations', () => {
      clusters.given([]).when(form(), { occurredOn: '2023-01-10' }, { federations }).then([formed()]);
    });

    it('forms a year once; another year of the same cluster is accepted', () => {
      clusters
        .given([formed()])
        .when(form(), { occurredOn: '2023-02-01' }, { federations })
        .thenRefuses('cluster.already-formed');
      clusters
        .given([formed()])
        .when(form(cluster4, 2024), { occurredOn: '2024-01-10' }, { federations })
        .then([formed(2024)]);
    });

    it('forms a year from the year before to the year after the formation date, no further', () => {
      for (const year of [2022, 2023, 2024]) {
        clusters
          .given([])
          .when(form(cluster4, year), { occurredOn: '2023-01-10' }, { federations })
          .then([formed(year, cluster4, '2023-01-10')]);
      }
      for (const year of [2021, 2025]) {
        clusters
          .given([])
          .when(form(cluster4, year), { occurredOn: '2023-01-10' }, { federations })
          .thenRefuses('cluster.year');
      }
    });

    it('refuses a federation already competing in another cluster that year, not in another year', () => {
      const elsewhere = { ...federations, 'ba-vi': { ...federations['ba-vi'], clusters: { '2023': 'cluster-5' } } };
      clusters
        .given([])
        .when(form(), {}, { federations: elsewhere })
        .thenRefuses('cluster.federation-in-another-cluster');
      clusters
        .given([])
        .when(form(cluster4, 2024), { occurredOn: '2024-01-10' }, { federations: elsewhere })
        .then([formed(2024)]);
    });

    it('needs at least two distinct federations', () => {
      clusters
        .given([])
        .when(form(['ba-vi']), {}, { federations })
        .thenRefuses('cluster.too-few-federations');
      clusters.given([]).when(form([]), {}, { federations }).thenRefuses('cluster.too-few-federations');
      clusters
        .given([])
        .when(form(['ba-vi', 'quoc-oai', 'ba-vi']), {}, { federations })
        .thenRefuses('cluster.duplicate-federation');
      clusters
        .given([])
        .when(form(['ba-vi', 'quoc-oai'], 2024), { occurredOn: '2024-01-15' }, { federations })
        .then([formed(2024, ['ba-vi', 'quoc-oai'], '2024-01-15')]);
    });

    it('refuses an unknown federation, or one not active on the formation date', () => {
      clusters
        .given([])
        .when(form(['ba-vi', 'nowhere']), {}, { federations })
        .thenNotFound("federation 'nowhere'");
      const merged = { ...federations, 'ba-vi': district('ba-vi', { status: 'merged', endedOn: '2022-07-01' }) };
      clusters
        .given([])
        .when(form(), { occurredOn: '2023-01-10' }, { federations: merged })
        .thenRefuses('federation.not-active');
      const young = { ...federations, 'ba-vi': district('ba-vi', { registeredOn: '2023-06-01' }) };
      clusters
        .given([])
        .when(form(), { occurredOn: '2023-01-10' }, { federations: young })
        .thenRefuses('federation.not-active');
    });

    it('refuses a formation dated in the future', () => {
      clusters
        .given([])
        .when(form(cluster4, 2026), { occurredOn: '2026-01-02', today: '2026-01-01' }, { federations })
        .thenRefuses('date.in-future');
    });
  });

  describe('ElectClusterLeader', () => {
    const elect = (forYear = 2024, leaderFederationId = 'quoc-oai', deputyFederationId: string | null = 'ba-vi') => ({
      type: 'ElectClusterLeader' as const,
      clusterId: 'cum-4',
      forYear,
      leaderFederationId,
      deputyFederationId,
    });
    const elected = (forYear = 2024, leaderFederationId = 'quoc-oai', deputyFederationId: string | null = 'ba-vi') =>
      ({
        type: 'ClusterLeaderElected',
        data: { occurredOn: '2023-11-22', clusterId: 'cum-4', forYear, leaderFederationId, deputyFederationId },
      }) as ClusterEvent;
    const at = { occurredOn: '2023-11-22' };

    it('elects Quốc Oai leader for 2024 at the 2023 conference, among the 2023 members', () => {
      clusters.given([formed()]).when(elect(), at, { federations }).then([elected()]);
    });

    it('elects a leader without a deputy, and for the latest year formed', () => {
      clusters
        .given([formed()])
        .when(elect(2024, 'quoc-oai', null), at, { federations })
        .then([elected(2024, 'quoc-oai', null)]);
      clusters
        .given([formed()])
        .when(elect(2023), at, { federations })
        .then([elected(2023)]);
    });

    it('takes the members of the year elected for, once that year is formed', () => {
      const smaller2024 = formed(2024, ['quoc-oai', 'son-tay'], '2023-11-01');
      clusters
        .given([formed(), smaller2024])
        .when(elect(2024, 'son-tay', 'quoc-oai'), at, { federations })
        .then([elected(2024, 'son-tay', 'quoc-oai')]);
      clusters
        .given([formed(), smaller2024])
        .when(elect(2024, 'quoc-oai', 'ba-vi'), at, { federations })
        .thenRefuses('cluster.not-a-member');
    });

    it('refuses a leader or deputy outside the cluster', () => {
      clusters.given([formed()]).when(elect(2024, 'son-tay'), at, { federations }).thenRefuses('cluster.not-a-member');
      clusters
        .given([formed()])
        .when(elect(2024, 'quoc-oai', 'son-tay'), at, { federations })
        .thenRefuses('cluster.not-a-member');
    });

    it('refuses the same federation as leader and deputy', () => {
      clusters
        .given([formed()])
        .when(elect(2024, 'quoc-oai', 'quoc-oai'), at, { federations })
        .thenRefuses('cluster.leader-is-deputy');
    });

    it('refuses an unknown or inactive leader or deputy', () => {
      clusters
        .given([formed()])
        .when(elect(2024, 'quoc-oai', 'ba-vi'), at, { federations: { 'ba-vi': federations['ba-vi'] } })
        .thenNotFound("federation 'quoc-oai'");
      const dissolved = { ...federations, 'ba-vi': district('ba-vi', { status: 'dissolved', endedOn: '2023-10-01' }) };
      clusters.given([formed()]).when(elect(), at, { federations: dissolved }).thenRefuses('federation.not-active');
    });

    it('refuses a year before the latest formed one, or past the next year', () => {
      clusters
        .given([formed(), formed(2024, cluster4, '2023-12-01')])
        .when(elect(2023), { occurredOn: '2023-12-05' }, { federations })
        .thenRefuses('cluster.election-year');
      clusters.given([formed()]).when(elect(2025), at, { federations }).thenRefuses('cluster.election-year');
    });

    it('refuses an election for a cluster never formed, or dated before it was', () => {
      clusters.given([]).when(elect(), at, { federations }).thenNotFound("cluster 'cum-4'");
      clusters
        .given([formed()])
        .when(elect(), { occurredOn: '2022-12-31' }, { federations })
        .thenRefuses('date.before-existence');
    });

    it('lets a later election replace an earlier one, but refuses recording the same result twice', () => {
      clusters
        .given([formed(), elected()])
        .when(elect(2024, 'quoc-oai', 'hoai-duc'), at, { federations })
        .then([elected(2024, 'quoc-oai', 'hoai-duc')]);
      clusters.given([formed(), elected()]).when(elect(), at, { federations }).thenRefuses('cluster.leader-unchanged');
    });
  });

  describe('AdoptScoringRule', () => {
    const adopt = (weights: Partial<Record<Indicator, number>>, tieBreak: Indicator[] = []) => ({
      type: 'AdoptScoringRule' as const,
      clusterId: 'cum-4',
      year: 2023,
      weights,
      tieBreak,
    });
    const adopted = (weights: Partial<Record<Indicator, number>>, tieBreak: Indicator[] = []) =>
      ({
        type: 'ScoringRuleAdopted',
        data: {
          occurredOn: '2023-03-01',
          clusterId: 'cum-4',
          year: 2023,
          weights: { ...noWeights, ...weights },
          tieBreak,
        },
      }) as ClusterEvent;
    const at = { occurredOn: '2023-03-01' };

    it('adopts a rule, every indicator left out weighing 0', () => {
      clusters
        .given([formed()])
        .when(adopt({ memberDevelopmentRate: 40, unionFoundingRate: 30, awards: 0 }, ['memberDevelopmentRate']), at)
        .then([adopted({ memberDevelopmentRate: 40, unionFoundingRate: 30 }, ['memberDevelopmentRate'])]);
    });

    it('accepts weights 0 and 100, refuses fractions, negatives and more than 100', () => {
      clusters
        .given([formed()])
        .when(adopt({ awards: 100, initiatives: 0 }), at)
        .then([adopted({ awards: 100 })]);
      for (const weight of [2.5, -1, 101, Number.NaN]) {
        clusters
          .given([formed()])
          .when(adopt({ awards: 10, initiatives: weight }), at)
          .thenRefuses('scoring-rule.weight');
      }
    });

    it('refuses weights naming an unknown indicator', () => {
      clusters
        .given([formed()])
        .when(adopt({ awards: 10, speed: 5 } as Partial<Record<Indicator, number>>), at)
        .thenRefuses('scoring-rule.weight');
    });

    it('refuses a rule where nothing weighs', () => {
      clusters.given([formed()]).when(adopt({}), at).thenRefuses('scoring-rule.no-weight');
      clusters
        .given([formed()])
        .when(adopt({ awards: 0 }), at)
        .thenRefuses('scoring-rule.no-weight');
    });

    it('refuses a tie-break with unknown or repeated indicators', () => {
      clusters
        .given([formed()])
        .when(adopt({ awards: 10 }, ['awards', 'awards']), at)
        .thenRefuses('scoring-rule.tie-break');
      clusters
        .given([formed()])
        .when(adopt({ awards: 10 }, ['age' as Indicator]), at)
        .thenRefuses('scoring-rule.tie-break');
      clusters
        .given([formed()])
        .when(adopt({ awards: 10 }, ['awards', 'initiatives']), at)
        .then([adopted({ awards: 10 }, ['awards', 'initiatives'])]);
    });

    it('replaces the rule of a year with a new one, but refuses the same rule again', () => {
      const first = adopted({ awards: 10 });
      clusters
        .given([formed(), first])
        .when(adopt({ awards: 20 }), at)
        .then([adopted({ awards: 20 })]);
      clusters
        .given([formed(), first])
        .when(adopt({ awards: 10 }, ['awards']), at)
        .then([adopted({ awards: 10 }, ['awards'])]);
      clusters
        .given([formed(), first])
        .when(adopt({ awards: 10 }), at)
        .thenRefuses('scoring-rule.unchanged');
    });

    it('needs the year formed, and a date not before its formation', () => {
      clusters
        .given([])
        .when(adopt({ awards: 10 }), at)
        .thenNotFound("cluster 'cum-4'");
      clusters
        .given([formed(2024, cluster4, '2023-01-05')])
        .when(adopt({ awards: 10 }), at)
        .thenRefuses('cluster.year-not-formed');
      clusters
        .given([formed()])
        .when(adopt({ awards: 10 }), { occurredOn: '2023-01-09' })
        .thenRefuses('date.before-existence');
    });
  });

  describe('RecordEvaluation', () => {
    const evaluate = (federationId = 'ba-vi', rank: number | null = 1, year = 2023) => ({
      type: 'RecordEvaluation' as const,
      clusterId: 'cum-4',
      year,
      federationId,
      grade: 'excellent' as const,
      rank,
    });
    const evaluated = (federationId = 'ba-vi', rank: number | null = 1) =>
      ({
        type: 'EvaluationRecorded',
        data: { occurredOn: '2023-11-22', clusterId: 'cum-4', year: 2023, federationId, grade: 'excellent', rank },
      }) as ClusterEvent;
    const at = { occurredOn: '2023-11-22' };

    it('records the grade and rank the cluster conference gave (Ba Vì first in 2023)', () => {
      clusters.given([formed()]).when(evaluate(), at).then([evaluated()]);
    });

    it('records a grade without a rank', () => {
      clusters
        .given([formed()])
        .when(evaluate('quoc-oai', null), at)
        .then([evaluated('quoc-oai', null)]);
    });

    it('accepts ranks 1 to the number of members, and no other', () => {
      clusters
        .given([formed()])
        .when(evaluate('ba-vi', 6), at)
        .then([evaluated('ba-vi', 6)]);
      for (const rank of [0, 7, 1.5]) {
        clusters.given([formed()]).when(evaluate('ba-vi', rank), at).thenRefuses('evaluation.rank');
      }
    });

    it('evaluates a federation once a year', () => {
      clusters.given([formed(), evaluated()]).when(evaluate(), at).thenRefuses('evaluation.already-recorded');
      clusters
        .given([formed(), evaluated()])
        .when(evaluate('phuc-tho', 2), at)
        .then([evaluated('phuc-tho', 2)]);
    });

    it('evaluates only members of the cluster that year', () => {
      clusters.given([formed()]).when(evaluate('son-tay'), at).thenRefuses('cluster.not-a-member');
    });

    it('needs the year formed, and a date not before its formation', () => {
      clusters.given([]).when(evaluate(), at).thenNotFound("cluster 'cum-4'");
      clusters
        .given([formed()])
        .when(evaluate('ba-vi', 1, 2022), at)
        .thenRefuses('cluster.year-not-formed');
      clusters.given([formed()]).when(evaluate(), { occurredOn: '2023-01-01' }).thenRefuses('date.before-existence');
    });

    it('refuses an evaluation dated in the future', () => {
      clusters
        .given([formed()])
        .when(evaluate(), { occurredOn: '2026-01-02', today: '2026-01-01' })
        .thenRefuses('date.in-future');
    });
  });
});
