import { get } from '../api';
import { lineChart } from '../charts';
import { h, section, table } from '../dom';
import { date, instant, money, num } from '../format';
import { t } from '../i18n';
import { has, link, param, paramsForm, type View, yearOf } from './common';

interface Fund {
  fundId: string;
  name: string;
  kind: string;
  balance: number;
  inflow: number;
  outflow: number;
}

interface LedgerLine {
  entryId: string;
  occurredOn: string;
  line: string;
  amount: number;
  category: string | null;
  counterparty: { name: string | null } | null;
  correction: string | null;
  correctsEntryId: string | null;
  recordedBy: string;
  recordedAt: string;
  reason: string | null;
}

interface TrailStep {
  entryId: string;
  kind: string;
  occurredOn: string;
  amount: number | string;
  amountAfter: number | string;
  reason: string | null;
  recordedBy: string;
  recordedAt: string;
  position: number;
}

interface Trail {
  entryId: string;
  kind: string;
  original: TrailStep;
  corrections: TrailStep[];
  amountNow: number | string;
}

const PAGE = 20;

/** A federation's funds: balances, one fund's balance chart, its flows in the year, its ledger and a correction trail. */
export const fundsView: View = async ({ principal, point }) => {
  const federation = param('federation', 'hoan-kiem');
  const year = yearOf(point.asOf);
  const base = `/read/federations/${encodeURIComponent(federation)}/funds`;
  const overview = await get<{ funds: Fund[] }>(base, point);
  const fundId = param('fund', overview.funds[0]?.fundId ?? '');
  const form = paramsForm([
    { name: 'federation', label: 'federationId', value: federation },
    ...(overview.funds.length > 0
      ? [{ name: 'fund', label: 'fund' as const, value: fundId, options: overview.funds.map((f) => f.fundId) }]
      : []),
  ]);
  const list = section(
    t('funds'),
    table(
      t('funds'),
      [t('fund'), t('balance'), t('inflow'), t('outflow')],
      overview.funds.map((f) => [
        link(f.name, { fund: f.fundId, after: null, entry: null }),
        money(f.balance),
        money(f.inflow),
        money(f.outflow),
      ]),
    ),
  );
  if (!fundId) return h('div', {}, form, list);

  const fundBase = `${base}/${encodeURIComponent(fundId)}`;
  const yearEnd = `${year}-12-31`;
  const to = point.asOf && point.asOf < yearEnd ? point.asOf : yearEnd;
  const after = param('after', '');
  const [series, flows, ledger] = await Promise.all([
    get<{ name: string; points: { date: string; balance: number }[] }>(`${fundBase}/series`, {
      from: `${year - 4}-01`,
      to: `${year}-12`,
      knownAt: point.knownAt,
    }),
    get<{ inflowBySource: Record<string, number>; outflowByPurpose: Record<string, number> }>(`${fundBase}/flows`, {
      from: `${year}-01-01`,
      to,
      knownAt: point.knownAt,
    }).catch(() => null),
    get<{ lines: LedgerLine[]; next: string | null }>(`${fundBase}/ledger`, {
      asOf: point.asOf,
      knownAt: point.knownAt,
      limit: PAGE,
      after: after || undefined,
    }),
  ]);
  const mayTrail = has(principal, 'auditor', 'finance-inspector');
  const entry = param('entry', '');
  const points = series.points;
  const parts: HTMLElement[] = [
    form,
    h('h2', { class: 'view-title' }, series.name),
    list,
    section(
      t('balanceChart'),
      lineChart(
        t('balanceChart'),
        t('date'),
        points.map((p) => p.date),
        [{ label: t('balance'), values: points.map((p) => p.balance), format: money }],
      ),
      h(
        'details',
        {},
        h('summary', {}, t('dataTable')),
        table(
          t('balanceChart'),
          [t('date'), t('balance')],
          points.map((p) => [date(p.date), money(p.balance)]),
        ),
      ),
    ),
  ];
  if (flows) {
    parts.push(
      section(
        `${t('flowsOfYear')} ${year}`,
        h(
          'div',
          { class: 'grid' },
          table(
            t('inflow'),
            [t('source'), t('amount')],
            Object.entries(flows.inflowBySource).map(([k, v]) => [k, money(v)]),
          ),
          table(
            t('outflow'),
            [t('purpose'), t('amount')],
            Object.entries(flows.outflowByPurpose).map(([k, v]) => [k, money(v)]),
          ),
        ),
      ),
    );
  }
  parts.push(
    section(
      t('ledger'),
      table(
        t('ledger'),
        [
          t('date'),
          t('entry'),
          t('line'),
          t('amount'),
          t('source'),
          t('recordedBy'),
          t('recordedAt'),
          t('reason'),
          ...(mayTrail ? [t('trail')] : []),
        ],
        ledger.lines.map((l) => [
          date(l.occurredOn),
          l.entryId,
          l.correction ? `${l.line} (${l.correction} → ${l.correctsEntryId})` : l.line,
          money(l.amount),
          l.counterparty?.name ?? l.category ?? '—',
          l.recordedBy,
          instant(l.recordedAt),
          l.reason ?? '—',
          ...(mayTrail ? [link(t('openTrail'), { entry: l.correctsEntryId ?? l.entryId })] : []),
        ]),
        (i) => ({ 'data-entry': ledger.lines[i].entryId }),
      ),
      h(
        'nav',
        { class: 'pager', 'aria-label': t('ledger') },
        after ? link(t('firstPage'), { after: null }) : null,
        ledger.next ? link(t('nextPage'), { after: ledger.next }) : null,
      ),
    ),
  );
  if (entry && mayTrail) parts.push(await trailSection(federation, entry));
  return h('div', {}, ...parts);
};

async function trailSection(federation: string, entryId: string): Promise<HTMLElement> {
  const trail = await get<Trail>(
    `/verification/funds/${encodeURIComponent(federation)}/entries/${encodeURIComponent(entryId)}`,
  );
  const steps = [trail.original, ...trail.corrections];
  return h(
    'section',
    { class: 'card', id: 'trail', 'data-trail': trail.entryId },
    h('h2', {}, `${t('trail')}: ${trail.entryId}`),
    table(
      t('trail'),
      [
        t('step'),
        t('entry'),
        t('kind'),
        t('date'),
        t('amount'),
        t('amountAfter'),
        t('reason'),
        t('recordedBy'),
        t('recordedAt'),
        t('position'),
      ],
      steps.map((s, i) => [
        i === 0 ? t('original') : String(i),
        s.entryId,
        s.kind,
        date(s.occurredOn),
        money(s.amount),
        money(s.amountAfter),
        s.reason ?? '—',
        s.recordedBy,
        instant(s.recordedAt),
        num(s.position),
      ]),
    ),
    h('p', {}, `${t('amountNow')}: ${money(trail.amountNow)}`),
  );
}
