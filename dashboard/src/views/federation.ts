import { get } from '../api';
import { lineChart } from '../charts';
import { h, section, table } from '../dom';
import { date, num, percent } from '../format';
import { t } from '../i18n';
import { param, paramsForm, type View, yearOf } from './common';

interface Totals {
  unions: { active: number; dissolved: number };
  members: number;
  joined: number;
  left: number;
}

interface Membership extends Totals {
  federationId: string;
  name: string;
  level: string;
  status: string;
  children: (Totals & { federationId: string; name: string; level: string; status: string })[];
}

interface Development {
  year: number;
  asOf: string;
  target: { newMembers: number; newUnions: number } | null;
  newMembers: number;
  unionsFounded: number;
  memberDevelopmentRate: number | null;
  unionFoundingRate: number | null;
  workers: number | null;
  coverage: number | null;
  conferences: { held: number; units: number; rate: number | null };
}

interface Series {
  points: (Totals & { date: string; registered: boolean })[];
}

/** A federation on the date: figures, development against targets, the federations below it, and a chart. */
export const federationView: View = async ({ point }) => {
  const id = param('federation', 'ba-vi');
  const year = yearOf(point.asOf);
  const to = param('to', `${year}-12`);
  const from = param('from', `${Number(to.slice(0, 4)) - 9}-01`);
  const form = paramsForm([
    { name: 'federation', label: 'federationId', value: id },
    { name: 'from', label: 'from', value: from, type: 'month' },
    { name: 'to', label: 'to', value: to, type: 'month' },
  ]);
  const base = `/read/federations/${encodeURIComponent(id)}`;
  const [membership, development, series] = await Promise.all([
    get<Membership>(`${base}/membership`, point),
    get<Development>(`${base}/development/${year}`, point),
    get<Series>(`${base}/membership/series`, { from, to, knownAt: point.knownAt }),
  ]);
  const figures: [string, string][] = [
    [t('members'), num(membership.members)],
    [t('activeUnions'), num(membership.unions.active)],
    [t('dissolvedUnions'), num(membership.unions.dissolved)],
    [t('joined'), num(membership.joined)],
    [t('left'), num(membership.left)],
  ];
  const rates: [string, string][] = [
    [`${t('target')}: ${t('newMembers')}`, num(development.target?.newMembers ?? null)],
    [t('newMembers'), num(development.newMembers)],
    [t('memberDevelopmentRate'), percent(development.memberDevelopmentRate)],
    [`${t('target')}: ${t('unionsFounded')}`, num(development.target?.newUnions ?? null)],
    [t('unionsFounded'), num(development.unionsFounded)],
    [t('unionFoundingRate'), percent(development.unionFoundingRate)],
    [t('workers'), num(development.workers)],
    [t('coverage'), percent(development.coverage)],
    [
      t('conferences'),
      `${num(development.conferences.held)} / ${num(development.conferences.units)} (${percent(development.conferences.rate)})`,
    ],
  ];
  const points = series.points;
  return h(
    'div',
    {},
    form,
    h('h2', { class: 'view-title' }, `${membership.name} — ${date(point.asOf ?? new Date().toISOString())}`),
    h(
      'div',
      { class: 'grid' },
      section(t('federation'), figureList(figures, 'membership')),
      section(`${t('development')} ${year}`, figureList(rates, 'development')),
    ),
    section(
      t('series'),
      lineChart(
        t('series'),
        t('date'),
        points.map((p) => p.date),
        [
          { label: t('members'), values: points.map((p) => p.members) },
          { label: t('activeUnions'), values: points.map((p) => p.unions.active), axis: 'right' },
        ],
      ),
      h(
        'details',
        {},
        h('summary', {}, t('dataTable')),
        table(
          t('series'),
          [t('date'), t('members'), t('activeUnions')],
          points.map((p) => [date(p.date), num(p.members), num(p.unions.active)]),
        ),
      ),
    ),
    section(
      t('children'),
      membership.children.length === 0
        ? h('p', {}, t('none'))
        : table(
            t('children'),
            [t('federationName'), t('level'), t('status'), t('members'), t('activeUnions')],
            membership.children.map((c) => [c.name, c.level, c.status, num(c.members), num(c.unions.active)]),
          ),
    ),
  );
};

function figureList(figures: [string, string][], name: string): HTMLElement {
  return h(
    'dl',
    { class: 'figures', 'data-figures': name },
    figures.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}
