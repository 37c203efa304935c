import type { StoredEvent } from '../../src/core/event-store.port';
import { namespaceOf } from '../../src/core/projection';
import { projectionReader } from '../../src/core/projection-reader';
import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import { weightsOf } from '../../src/clusters/clusters.events';
import { clustersProjection } from '../clusters/clusters.projection';
import { fundsProjection } from '../funds/funds.projection';
import { membershipProjection } from '../membership/membership.projection';
import { recognitionProjection } from '../recognition/recognition.projection';
import {
  type ClusterRanking,
  clusterRanking,
  type MeasuredFederation,
  rank,
  type RankingReaders,
} from './cluster-rankings.queries';

const PROJECTIONS = [membershipProjection, fundsProjection, recognitionProjection, clustersProjection];

/** Builds a history event by event; positions ascend in the order facts are added (recorded). */
class History {
  readonly events: StoredEvent[] = [];
  private position = 0;
  private counter = 0;

  add(type: string, occurredOn: string, data: Record<string, unknown>): StoredEvent {
    this.position += 1;
    const event: StoredEvent = {
      id: `event-${this.position}`,
      streamId: `stream-${this.position}`,
      revision: 0,
      position: this.position,
      type,
      data: { occurredOn, ...data },
      metadata: {
        occurredOn,
        recordedAt: '2026-01-01T00:00:00.000Z',
        actor: 'spec',
        correlationId: `c-${this.position}`,
        causationId: null,
      },
    };
    this.events.push(event);
    return event;
  }

  federation(federationId: string, name = `LĐLĐ ${federationId}`) {
    this.add('FederationRegistered', '2020-01-01', { federationId, name, level: 'district', parentId: null });
    return this;
  }
  target(federationId: string, year: number, newMembers: number, newUnions: number) {
    this.add('DevelopmentTargetSet', `${year}-01-05`, { federationId, year, newMembers, newUnions });
    return this;
  }
  union(unionId: string, federationId: string, foundedOn: string) {
    this.add('UnionFounded', foundedOn, { unionId, federationId, name: unionId, sector: 'enterprise' });
    return this;
  }
  joins(unionId: string, federationId: string, count: number, on: string) {
    for (let i = 0; i < count; i++) {
      this.add('MemberJoined', on, { memberId: `${unionId}-m${++this.counter}`, unionId, federationId });
    }
    return this;
  }
  conference(unionId: string, federationId: string, year: number) {
    this.add('ConferenceHeld', `${year}-03-15`, { unionId, federationId, year, kind: 'workers' });
    return this;
  }
  fund(federationId: string) {
    this.add('FundOpened', '2021-01-01', { federationId, fundId: 'social', kind: 'social', name: 'Quỹ xã hội' });
    this.add('ContributionReceived', '2021-01-02', {
      federationId,
      entryId: `${federationId}-in`,
      fundId: 'social',
      amount: 100_000_000,
      source: { kind: 'union', id: null, name: null },
    });
    return this;
  }
  support(federationId: string, amount: number, on: string) {
    this.add('SupportPaid', on, {
      federationId,
      entryId: `${federationId}-out-${++this.counter}`,
      fundId: 'social',
      amount,
      purpose: 'hardship',
      recipients: 1,
      recipient: { kind: 'member', id: null, name: null },
    });
    return this;
  }
  awards(federationId: string, year: number, count: number, on: string) {
    for (let i = 0; i < count; i++) {
      this.add('AwardGranted', on, {
        awardId: `award-${++this.counter}`,
        title: 'Lao động giỏi',
        level: 'district',
        recipient: { kind: 'federation', id: federationId },
        federationId,
        year,
      });
    }
    return this;
  }
  initiatives(federationId: string, count: number, on: string) {
    for (let i = 0; i < count; i++) {
      this.add('InitiativeRecognised', on, {
        initiativeId: `initiative-${++this.counter}`,
        federationId,
        unionId: null,
        title: 'Sáng kiến',
        valueSavedDong: 5_000_000,
      });
    }
    return this;
  }
  cluster(clusterId: string, year: number, federationIds: string[], on = `${year}-01-10`) {
    this.add('ClusterFormed', on, { clusterId, year, name: `Cụm ${clusterId}`, federationIds });
    return this;
  }
  rule(clusterId: string, year: number, weights: Record<string, number>, tieBreak: string[], on = `${year}-02-01`) {
    const all = weightsOf(weights);
    this.add('ScoringRuleAdopted', on, { clusterId, year, weights: all, tieBreak });
    return this;
  }
  evaluation(clusterId: string, year: number, federationId: string, grade: string, rank: number | null, on: string) {
    this.add('EvaluationRecorded', on, { clusterId, year, federationId, grade, rank });
    return this;
  }
  leader(clusterId: string, forYear: number, leaderFederationId: string, on: string) {
    this.add('ClusterLeaderElected', on, { clusterId, forYear, leaderFederationId, deputyFederationId: null });
    return this;
  }
}

/** Every projection a ranking reads, built from the history in an in-memory read store. */
async function readModels(history: History) {
  const store = new InMemoryReadStore();
  for (const projection of PROJECTIONS) {
    await store.prepare(namespaceOf(projection), projection);
    await store.setLiveNamespace(projection.name, namespaceOf(projection));
  }
  let applied = 0;
  /** Applies the events added since the last call (late-recorded facts, in the tests below). */
  const catchUp = async () => {
    const batch = history.events.slice(applied);
    applied = history.events.length;
    for (const projection of PROJECTIONS) await store.applyBatch(namespaceOf(projection), projection, batch);
  };
  await catchUp();
  const readers: RankingReaders = {
    membership: projectionReader(store, 'membership'),
    funds: projectionReader(store, 'funds'),
    recognition: projectionReader(store, 'recognition'),
    clusters: projectionReader(store, 'clusters'),
  };
  return { readers, catchUp };
}

const order = (ranking: ClusterRanking | null) => ranking!.federations.map((f) => f.federationId);
const entry = (ranking: ClusterRanking | null, id: string) => ranking!.federations.find((f) => f.federationId === id)!;

/**
 * Three federations over two years:
 * 2023 — targets 10 members, 2 unions each; alpha recruits 12 (+1 in 2022), bravo 8, charlie 5;
 * alpha founds 1 union, charlie 2; conferences at 1/2, 1/1, 1/3 units; support paid in 2023:
 * alpha 1,300,000 đ (and 1,000,000 đ in 2022), bravo 1,000,001 đ; awards: alpha 1, bravo 3;
 * initiatives: alpha 1, charlie 2. Rule 2023: development rate 50, awards 50.
 * 2024 — alpha recruits 3, bravo 6, charlie 9 (targets 10); awards for 2024: alpha 2, charlie 1.
 * Rule 2024: awards only.
 */
function twoYears(): History {
  const h = new History();
  for (const id of ['alpha', 'bravo', 'charlie']) h.federation(id).target(id, 2023, 10, 2).target(id, 2024, 10, 2);
  h.union('alpha-u1', 'alpha', '2022-06-01')
    .union('alpha-u2', 'alpha', '2023-03-01')
    .union('bravo-u1', 'bravo', '2022-06-01')
    .union('charlie-u1', 'charlie', '2022-06-01')
    .union('charlie-u2', 'charlie', '2023-02-01')
    .union('charlie-u3', 'charlie', '2023-04-01');
  h.joins('alpha-u1', 'alpha', 1, '2022-07-01')
    .joins('alpha-u1', 'alpha', 12, '2023-05-01')
    .joins('bravo-u1', 'bravo', 8, '2023-05-01')
    .joins('charlie-u1', 'charlie', 5, '2023-05-01');
  h.conference('alpha-u1', 'alpha', 2023)
    .conference('bravo-u1', 'bravo', 2023)
    .conference('charlie-u1', 'charlie', 2023);
  h.fund('alpha').fund('bravo');
  h.support('alpha', 1_000_000, '2022-12-20').support('alpha', 1_300_000, '2023-02-10');
  h.support('bravo', 1_000_001, '2023-06-10');
  h.awards('alpha', 2023, 1, '2023-11-22').awards('bravo', 2023, 3, '2023-11-22');
  h.initiatives('alpha', 1, '2023-09-01').initiatives('charlie', 2, '2023-09-01');
  h.leader('c4', 2023, 'bravo', '2022-11-20');
  h.cluster('c4', 2023, ['alpha', 'bravo', 'charlie']);
  h.rule('c4', 2023, { memberDevelopmentRate: 50, awards: 50 }, []);
  h.evaluation('c4', 2023, 'bravo', 'excellent', 1, '2023-11-22');
  h.evaluation('c4', 2023, 'alpha', 'good', 3, '2023-11-22');
  h.joins('alpha-u1', 'alpha', 3, '2024-05-01')
    .joins('bravo-u1', 'bravo', 6, '2024-05-01')
    .joins('charlie-u1', 'charlie', 9, '2024-05-01');
  h.awards('alpha', 2024, 2, '2024-11-20').awards('charlie', 2024, 1, '2024-11-20');
  h.cluster('c4', 2024, ['alpha', 'bravo', 'charlie'], '2023-12-15');
  h.rule('c4', 2024, { awards: 10 }, []);
  return h;
}

describe('cluster rankings', () => {
  describe('indicators, points and score', () => {
    it('computes each indicator of the year, its points against the best, and the weighted score', async () => {
      const { readers } = await readModels(twoYears());
      const ranking = await clusterRanking(readers, 'c4', 2023, { asOf: '2023-12-31' });

      expect(ranking).toMatchObject({
        clusterId: 'c4',
        year: 2023,
        name: 'Cụm c4',
        leader: { federationId: 'bravo', electedOn: '2022-11-20' },
        scoringRule: { tieBreak: [], adoptedOn: '2023-02-01' },
        method: { indicatorsAsOf: '2023-12-31', rankOrder: ['score desc', 'federationId asc'] },
      });
      expect(entry(ranking, 'alpha')).toMatchObject({
        name: 'LĐLĐ alpha',
        indicators: {
          memberDevelopmentRate: 120,
          unionFoundingRate: 50,
          conferenceCoverage: 50,
          // 1,300,000 đ paid in 2023 (not the 2022 payment) ÷ 13 members
          supportPerMember: 100_000,
          awards: 1,
          initiatives: 1,
        },
        figures: {
          target: { newMembers: 10, newUnions: 2 },
          newMembers: 12,
          unionsFounded: 1,
          members: 13,
          conferences: { held: 1, units: 2 },
          supportPaidDong: 1_300_000,
          valueSavedDong: 5_000_000,
        },
        // awards 1 of best 3 → 33.33; score (50 × 100 + 50 × 33.33) ÷ 100 = 66.665 → 66.67
        points: { memberDevelopmentRate: 100, awards: 33.33, initiatives: 50, supportPerMember: 80 },
        score: 66.67,
      });
      // 1,000,001 đ ÷ 8 members, rounded down to whole đồng
      expect(entry(ranking, 'bravo').indicators.supportPerMember).toBe(125_000);
      // 800 ÷ 1200 → 66.67 points; (50 × 66.67 + 50 × 100) ÷ 100 = 83.335 → 83.34
      expect(entry(ranking, 'bravo')).toMatchObject({ points: { memberDevelopmentRate: 66.67 }, score: 83.34 });
      expect(entry(ranking, 'charlie')).toMatchObject({
        indicators: { conferenceCoverage: 33.3, unionFoundingRate: 100, supportPerMember: 0, awards: 0 },
        points: { memberDevelopmentRate: 41.67, awards: 0, conferenceCoverage: 33.3 },
        score: 20.84,
      });
    });

    it('ranks by score and sets the grade the conference recorded beside the computed rank', async () => {
      const { readers } = await readModels(twoYears());
      const ranking = await clusterRanking(readers, 'c4', 2023, { asOf: '2023-12-31' });

      expect(order(ranking)).toEqual(['bravo', 'alpha', 'charlie']);
      expect(ranking!.federations.map((f) => [f.rank, f.rankDecidedBy])).toEqual([
        [1, null],
        [2, 'score'],
        [3, 'score'],
      ]);
      expect(entry(ranking, 'bravo')).toMatchObject({
        recorded: { grade: 'excellent', rank: 1, recordedOn: '2023-11-22' },
        rankAgrees: true,
      });
      expect(entry(ranking, 'alpha')).toMatchObject({ recorded: { grade: 'good', rank: 3 }, rankAgrees: false });
      expect(entry(ranking, 'charlie')).toMatchObject({ recorded: null, rankAgrees: null });
    });
  });

  describe('scoring rules', () => {
    it('ranks each year by the rule adopted for it: the same federations in another order', async () => {
      const { readers } = await readModels(twoYears());
      const by2023 = await clusterRanking(readers, 'c4', 2023);
      const by2024 = await clusterRanking(readers, 'c4', 2024);

      expect(order(by2023)).toEqual(['bravo', 'alpha', 'charlie']);
      expect(by2024!.scoringRule!.weights).toMatchObject({ awards: 10, memberDevelopmentRate: 0 });
      // 2024: development rates 30, 60, 90 %, but only awards weigh: alpha 2, charlie 1, bravo 0
      expect(entry(by2024, 'charlie').indicators.memberDevelopmentRate).toBe(90);
      expect(order(by2024)).toEqual(['alpha', 'charlie', 'bravo']);
      expect(by2024!.federations.map((f) => f.score)).toEqual([100, 50, 0]);
    });

    it('uses the rule in force on asOf: a later rule for the year replaces the earlier one', async () => {
      const h = twoYears();
      h.rule('c4', 2023, { memberDevelopmentRate: 1 }, [], '2023-12-01');
      const { readers } = await readModels(h);

      expect(order(await clusterRanking(readers, 'c4', 2023, { asOf: '2023-11-30' }))).toEqual([
        'bravo',
        'alpha',
        'charlie',
      ]);
      const later = await clusterRanking(readers, 'c4', 2023, { asOf: '2023-12-31' });
      expect(later!.scoringRule!.adoptedOn).toBe('2023-12-01');
      expect(order(later)).toEqual(['alpha', 'bravo', 'charlie']);
    });

    it('without a rule for the year, lists indicators and points with score and rank null, and says so', async () => {
      const h = twoYears();
      h.cluster('c9', 2023, ['charlie', 'alpha']);
      const { readers } = await readModels(h);
      const ranking = await clusterRanking(readers, 'c9', 2023);

      expect(ranking!.scoringRule).toBeNull();
      expect(ranking!.method.score).toContain('no scoring rule adopted for 2023');
      expect(order(ranking)).toEqual(['alpha', 'charlie']);
      expect(ranking!.federations.map((f) => [f.score, f.rank, f.rankAgrees])).toEqual([
        [null, null, null],
        [null, null, null],
      ]);
      expect(entry(ranking, 'alpha').points.memberDevelopmentRate).toBe(100);
    });

    it('gives different orders for the same indicators under different rules (pure)', () => {
      const measured: MeasuredFederation[] = [
        measuredWith('x', { memberDevelopmentRate: 150, awards: 1 }),
        measuredWith('y', { memberDevelopmentRate: 100, awards: 4 }),
      ];
      const byRate = rank(measured, { weights: { memberDevelopmentRate: 1 }, tieBreak: [] });
      const byAwards = rank(measured, { weights: { awards: 1 }, tieBreak: [] });
      expect(byRate.map((f) => f.federationId)).toEqual(['x', 'y']);
      expect(byAwards.map((f) => f.federationId)).toEqual(['y', 'x']);
      expect(byAwards.map((f) => f.score)).toEqual([100, 25]);
    });
  });

  describe('ties', () => {
    /** zulu, alpha and bravo all reach 100 % of their target; only zulu has an award. */
    function tie(): History {
      const h = new History();
      for (const id of ['zulu', 'bravo', 'alpha']) {
        h.federation(id)
          .target(id, 2023, 2, 1)
          .union(`${id}-u1`, id, '2022-06-01')
          .joins(`${id}-u1`, id, 2, '2023-04-01');
      }
      h.awards('zulu', 2023, 1, '2023-11-22');
      h.cluster('t', 2023, ['zulu', 'bravo', 'alpha']);
      return h;
    }

    it('breaks equal scores by the tie-break indicators in order, then by federation id', async () => {
      const h = tie();
      h.rule('t', 2023, { memberDevelopmentRate: 10 }, ['unionFoundingRate', 'awards']);
      const { readers } = await readModels(h);
      const ranking = await clusterRanking(readers, 't', 2023);

      expect(ranking!.federations.map((f) => f.score)).toEqual([100, 100, 100]);
      expect(ranking!.method.rankOrder).toEqual([
        'score desc',
        'unionFoundingRate desc',
        'awards desc',
        'federationId asc',
      ]);
      expect(ranking!.federations.map((f) => [f.federationId, f.rank, f.rankDecidedBy])).toEqual([
        ['zulu', 1, null],
        ['alpha', 2, 'awards'],
        ['bravo', 3, 'federationId'],
      ]);
    });

    it('falls back to the federation id alone when the rule names no tie-break', async () => {
      const h = tie();
      h.rule('t', 2023, { memberDevelopmentRate: 10 }, []);
      const { readers } = await readModels(h);

      expect(order(await clusterRanking(readers, 't', 2023))).toEqual(['alpha', 'bravo', 'zulu']);
    });

    it('puts a missing tie-break value after any value', () => {
      const ranked = rank(
        [
          measuredWith('a', { awards: 1, memberDevelopmentRate: null }),
          measuredWith('b', { awards: 1, memberDevelopmentRate: 0 }),
        ],
        { weights: { awards: 1 }, tieBreak: ['memberDevelopmentRate'] },
      );
      expect(ranked.map((f) => [f.federationId, f.rankDecidedBy])).toEqual([
        ['b', null],
        ['a', 'memberDevelopmentRate'],
      ]);
    });
  });

  describe('any date, as known at any time', () => {
    it('counts a late-recorded award dated in the year as of its end, but not as known before it was recorded', async () => {
      const h = twoYears();
      const { readers, catchUp } = await readModels(h);
      const before = h.events.at(-1)!.position;
      // Recorded after everything else, dated 30/11/2023: alpha now has 3 awards, as many as bravo.
      h.awards('alpha', 2023, 2, '2023-11-30');
      await catchUp();

      const now = await clusterRanking(readers, 'c4', 2023, { asOf: '2023-12-31' });
      expect(entry(now, 'alpha')).toMatchObject({ indicators: { awards: 3 }, score: 100 });
      expect(order(now)).toEqual(['alpha', 'bravo', 'charlie']);

      const then = await clusterRanking(readers, 'c4', 2023, { asOf: '2023-12-31', knownAt: before });
      expect(entry(then, 'alpha').indicators.awards).toBe(1);
      expect(order(then)).toEqual(['bravo', 'alpha', 'charlie']);
      expect(then!.method.knownAt).toBe(before);
    });

    it('counts titles for the year granted after it ended, from their grant date', async () => {
      const h = twoYears();
      h.awards('charlie', 2023, 1, '2024-01-15');
      const { readers } = await readModels(h);

      const atYearEnd = await clusterRanking(readers, 'c4', 2023, { asOf: '2023-12-31' });
      const later = await clusterRanking(readers, 'c4', 2023, { asOf: '2024-02-01' });
      expect(entry(atYearEnd, 'charlie').indicators.awards).toBe(0);
      expect(entry(later, 'charlie').indicators.awards).toBe(1);
      // Membership and funds still count up to the end of the year.
      expect(later!.method).toMatchObject({ indicatorsAsOf: '2023-12-31', decisionsAsOf: '2024-02-01' });
      expect(entry(later, 'alpha').figures.newMembers).toBe(12);
    });

    it('counts indicators up to asOf during the year', async () => {
      const { readers } = await readModels(twoYears());
      const midYear = await clusterRanking(readers, 'c4', 2023, { asOf: '2023-04-30' });

      expect(midYear!.method.indicatorsAsOf).toBe('2023-04-30');
      // Joins of 1/5 and awards of 22/11 have not happened yet; alpha's payment of 10/2 has.
      expect(entry(midYear, 'alpha')).toMatchObject({
        indicators: { memberDevelopmentRate: 0, awards: 0, supportPerMember: 1_300_000 },
        figures: { members: 1, supportPaidDong: 1_300_000 },
      });
      expect(entry(midYear, 'bravo').indicators.supportPerMember).toBeNull();
      expect(entry(midYear, 'alpha').recorded).toBeNull();
    });

    it('answers null for a year the cluster was not formed for, even with a leader elected for it', async () => {
      const { readers } = await readModels(twoYears());

      expect(await clusterRanking(readers, 'c4', 2025)).toBeNull();
      expect(await clusterRanking(readers, 'nowhere', 2023)).toBeNull();
      // On 1/1/2023 bravo was elected leader for 2023 (20/11/2022) but the cluster was formed on 10/1/2023.
      expect(await clusterRanking(readers, 'c4', 2023, { asOf: '2023-01-01' })).toBeNull();
    });

    it('refuses an asOf before the year began', async () => {
      const { readers } = await readModels(twoYears());
      // The 2024 cluster was formed on 15/12/2023.
      await expect(clusterRanking(readers, 'c4', 2024, { asOf: '2023-12-20' })).rejects.toThrow(RangeError);
    });
  });
});

function measuredWith(federationId: string, values: Partial<MeasuredFederation['indicators']>): MeasuredFederation {
  return {
    federationId,
    name: null,
    indicators: {
      memberDevelopmentRate: null,
      unionFoundingRate: null,
      conferenceCoverage: null,
      supportPerMember: null,
      awards: 0,
      initiatives: 0,
      ...values,
    },
    figures: {
      target: null,
      newMembers: 0,
      unionsFounded: 0,
      members: 0,
      conferences: { held: 0, units: 0 },
      supportPaidDong: 0,
      valueSavedDong: 0,
    },
  };
}
