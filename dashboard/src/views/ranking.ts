import { get } from '../api';
import { barChart } from '../charts';
import { h, section, table } from '../dom';
import { date, num, percent } from '../format';
import { type Key, t } from '../i18n';
import { param, paramsForm, type View } from './common';

interface Ranked {
  federationId: string;
  name: string | null;
  indicators: Record<string, number | null>;
  points: Record<string, number>;
  score: number | null;
  rank: number | null;
  recorded: { grade: string; rank: number | null; recordedOn: string } | null;
  rankAgrees: boolean | null;
}

interface Ranking {
  clusterId: string;
  year: number;
  name: string;
  leader: { federationId: string } | null;
  scoringRule: { weights: Record<string, number>; tieBreak: string[]; adoptedOn: string } | null;
  federations: Ranked[];
}

const INDICATOR_LABELS: Record<string, Key> = {
  memberDevelopmentRate: 'memberDevelopmentRate',
  unionFoundingRate: 'unionFoundingRate',
  conferenceCoverage: 'conferences',
  supportPerMember: 'supportPerMember',
  awards: 'awards',
  initiatives: 'initiatives',
};

const indicatorLabel = (name: string) => (INDICATOR_LABELS[name] ? t(INDICATOR_LABELS[name]) : name);

/** A cluster's ranking for a year: computed beside what the cluster recorded, the rule and a bar chart of scores. */
export const rankingView: View = async ({ point }) => {
  const clusterId = param('cluster', 'cum-4');
  const year = param('year', '2023');
  const form = paramsForm([
    { name: 'cluster', label: 'cluster', value: clusterId },
    { name: 'year', label: 'year', value: year, type: 'number' },
  ]);
  const ranking = await get<Ranking>(
    `/read/clusters/${encodeURIComponent(clusterId)}/years/${encodeURIComponent(year)}/ranking`,
    point,
  );
  const indicators = Object.keys(ranking.federations[0]?.indicators ?? {});
  const rows = ranking.federations.map((f) => [
    h('span', { 'data-col': 'rank' }, num(f.rank)),
    f.name ?? f.federationId,
    h('span', { 'data-col': 'score' }, num(f.score)),
    h('span', { 'data-col': 'recordedGrade' }, f.recorded?.grade ?? '—'),
    h('span', { 'data-col': 'recordedRank' }, num(f.recorded?.rank ?? null)),
    f.rankAgrees === null ? '—' : f.rankAgrees ? t('yes') : t('no'),
    ...indicators.map((name) =>
      name.endsWith('Rate') || name.endsWith('Coverage') ? percent(f.indicators[name]) : num(f.indicators[name]),
    ),
  ]);
  const rule = ranking.scoringRule;
  return h(
    'div',
    {},
    form,
    h('h2', { class: 'view-title' }, `${ranking.name} — ${ranking.year}`),
    section(
      t('ranking'),
      table(
        `${t('ranking')}: ${ranking.name}, ${ranking.year}`,
        [
          t('rank'),
          t('federationName'),
          t('score'),
          t('recordedGrade'),
          t('recordedRank'),
          t('agrees'),
          ...indicators.map(indicatorLabel),
        ],
        rows,
        (i) => ({ 'data-federation': ranking.federations[i].federationId }),
      ),
    ),
    section(
      t('scoresChart'),
      barChart(
        t('scoresChart'),
        ranking.federations.map((f) => f.name ?? f.federationId),
        ranking.federations.map((f) => f.score),
      ),
    ),
    section(
      t('rule'),
      rule
        ? [
            h(
              'p',
              {},
              `${t('ruleAdopted')} ${date(rule.adoptedOn)}. ${t('tieBreak')}: ${rule.tieBreak.map(indicatorLabel).join(', ') || '—'}`,
            ),
            table(
              t('weights'),
              [t('indicator'), t('weights')],
              Object.entries(rule.weights).map(([name, weight]) => [indicatorLabel(name), num(weight)]),
            ),
          ]
        : h('p', {}, t('noRule')),
    ),
  );
};
