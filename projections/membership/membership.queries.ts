import { dayBefore } from '../../src/core/business-date';
import type { ProjectionReader } from '../../src/core/projection-reader';
import type { ReadAt } from '../../src/core/read-store.port';
import type { RollUpDoc } from '../../src/core/roll-ups';
import { federationTree, type FederationNode, idsIn } from './federation-tree';
import { type DatedFigure, FEDERATION_TOTALS, UNIONS, type UnionDoc, unionMeasure } from './membership.projection';

/** Figures summed over grassroots unions on a date. */
export interface MembershipTotals {
  unions: { active: number; dissolved: number };
  members: number;
  /** Cumulative since records began; a period's figure is a difference. */
  joined: number;
  left: number;
  transferredIn: number;
  transferredOut: number;
}

/** A federation directly below the one asked, with everything below it in turn. */
export interface ChildMembership extends MembershipTotals {
  federationId: string;
  name: string;
  level: string;
  status: string;
}

/**
 * A federation's figures on a date, rolled up through the hierarchy of that date: its own grassroots
 * unions (`direct`) plus every federation below it (`children`, each with its own subtree). The totals are
 * `direct` plus the sum of `children`; each union counts once, under the federation it belonged to that day.
 */
export interface FederationMembership extends MembershipTotals {
  federationId: string;
  name: string;
  level: string;
  parentId: string | null;
  status: string;
  direct: MembershipTotals;
  children: ChildMembership[];
}

export interface PeriodMovements {
  from: string;
  to: string;
  joined: number;
  left: number;
  transferredIn: number;
  transferredOut: number;
  unionsFounded: number;
  unionsDissolved: number;
}

export interface DevelopmentRates {
  federationId: string;
  year: number;
  asOf: string;
  target: { newMembers: number; newUnions: number } | null;
  newMembers: number;
  unionsFounded: number;
  /** Tỷ lệ phát triển đoàn viên: new members ÷ target × 100, one decimal; null without a target. */
  memberDevelopmentRate: number | null;
  /** Tỷ lệ thành lập CĐCS: unions founded ÷ target × 100, one decimal. */
  unionFoundingRate: number | null;
  members: number;
  workers: number | null;
  /** Members ÷ workers reported × 100, one decimal. */
  coverage: number | null;
  /** Units that held a democratic conference that year, of the active units. */
  conferences: { held: number; units: number; rate: number | null };
}

/**
 * A year's figure in force on a date: the latest set by then; when none was set yet, the first set
 * afterwards (a plan recorded in February, or a head count reported after the year, still counts
 * for the whole year). Null when the year has none.
 */
export function figureOn<T>(figures: readonly DatedFigure<T>[] | undefined, date: string): T | null {
  if (!figures || figures.length === 0) return null;
  const inForce = figures.filter((f) => f.setOn <= date).pop() ?? figures[0];
  return inForce.value;
}

/** A percentage with one decimal, or null when there is nothing to divide by. */
export function percent(part: number, whole: number | null | undefined): number | null {
  if (!whole) return null;
  return Math.round((part * 1000) / whole) / 10;
}

export async function unionMembership(
  reader: ProjectionReader,
  unionId: string,
  at?: ReadAt,
): Promise<UnionDoc | null> {
  return reader.get<UnionDoc>(UNIONS, unionId, at);
}

/** The unions that belonged to the federation itself on the date asked (the structure of that date). */
export async function unionsOf(reader: ProjectionReader, federationId: string, at?: ReadAt): Promise<UnionDoc[]> {
  const rows = await reader.listAll<UnionDoc>(UNIONS, { where: { federationId }, at });
  return rows.map((row) => row.doc);
}

type Counts = Record<string, number>;

/** Each federation's own roll-up on the date (kept by the projection), by federation; null when it has none. */
async function rollUpsOf(
  reader: ProjectionReader,
  federationIds: readonly string[],
  at: ReadAt | undefined,
): Promise<Map<string, RollUpDoc | null>> {
  const docs = await Promise.all(federationIds.map((id) => reader.get<RollUpDoc>(FEDERATION_TOTALS, id, at)));
  return new Map(federationIds.map((id, index) => [id, docs[index]]));
}

/** Each federation's own totals on the date, by federation. */
async function totalsByFederation(
  reader: ProjectionReader,
  federationIds: readonly string[],
  at: ReadAt | undefined,
): Promise<Map<string, Counts>> {
  const docs = await rollUpsOf(reader, federationIds, at);
  return new Map(federationIds.map((id) => [id, docs.get(id)?.counts ?? {}]));
}

export const noTotals = (): MembershipTotals => ({
  unions: { active: 0, dissolved: 0 },
  members: 0,
  joined: 0,
  left: 0,
  transferredIn: 0,
  transferredOut: 0,
});

/** The membership figures of a roll-up's sums. */
export function totalsFrom(counts: Readonly<Counts>): MembershipTotals {
  const figure = (key: string) => counts[key] ?? 0;
  return {
    unions: { active: figure('active'), dissolved: figure('dissolved') },
    members: figure('members'),
    joined: figure('joined'),
    left: figure('left'),
    transferredIn: figure('transferredIn'),
    transferredOut: figure('transferredOut'),
  };
}

/** The sums of several roll-ups (a subtree), key by key. */
export function sumCounts(all: readonly Readonly<Counts>[]): Counts {
  const sum: Counts = {};
  for (const counts of all) {
    for (const [key, value] of Object.entries(counts)) sum[key] = (sum[key] ?? 0) + value;
  }
  return sum;
}

function subtreeCounts(node: FederationNode, totals: Map<string, Counts>): Counts {
  return sumCounts([
    totals.get(node.federation.federationId) ?? {},
    ...node.children.map((child) => subtreeCounts(child, totals)),
  ]);
}

/** A child is shown while it is active, or while it still holds unions (so the children always add up). */
function shown(child: ChildMembership): boolean {
  return child.status === 'active' || child.unions.active + child.unions.dissolved > 0;
}

export async function federationMembership(
  reader: ProjectionReader,
  federationId: string,
  at?: ReadAt,
): Promise<FederationMembership | null> {
  const tree = await federationTree(reader, federationId, at);
  if (!tree) return null;
  const totals = await totalsByFederation(reader, idsIn(tree), at);
  const { federation } = tree;
  const children = tree.children
    .map((child): ChildMembership => ({
      federationId: child.federation.federationId,
      name: child.federation.name,
      level: child.federation.level,
      status: child.federation.status,
      ...totalsFrom(subtreeCounts(child, totals)),
    }))
    .filter(shown);
  return {
    federationId,
    name: federation.name,
    level: federation.level,
    parentId: federation.parentId,
    status: federation.status,
    ...totalsFrom(subtreeCounts(tree, totals)),
    direct: totalsFrom(totals.get(federationId) ?? {}),
    children,
  };
}

/**
 * Joins, departures and transfers between two dates (inclusive), for the unions under the federation
 * (its own and those of every federation below it) at the end of the period: a union moved during the
 * period brings its whole period's movements to where it ended the period.
 */
export async function periodMovements(
  reader: ProjectionReader,
  federationId: string,
  from: string,
  to: string,
  knownAt?: number,
): Promise<PeriodMovements> {
  if (from > to) throw new RangeError(`the period starts (${from}) after it ends (${to})`);
  const tree = await federationTree(reader, federationId, { asOf: to, knownAt });
  const ids = tree ? idsIn(tree) : [];
  const atEnd = await rollUpsOf(reader, ids, { asOf: to, knownAt });
  const change = await changeOver(reader, atEnd, from, to, knownAt);
  const figure = (key: string) => change[key] ?? 0;
  return {
    from,
    to,
    joined: figure('joined'),
    left: figure('left'),
    transferredIn: figure('transferredIn'),
    transferredOut: figure('transferredOut'),
    unionsFounded: figure('unions'),
    unionsDissolved: figure('dissolved'),
  };
}

/** What the counters of the unions under each federation (their roll-ups on `to` given) grew by in the period. */
async function changeOver(
  reader: ProjectionReader,
  atEnd: ReadonlyMap<string, RollUpDoc | null>,
  from: string,
  to: string,
  knownAt: number | undefined,
): Promise<Counts> {
  const changes = await Promise.all(
    [...atEnd].map(([id, end]) => directChange(reader, id, end, dayBefore(from), to, knownAt)),
  );
  return sumCounts(changes);
}

/**
 * For the unions directly under a federation on `to`: what their counters grew by after `before`. The
 * difference of the federation's totals on the two dates, corrected for the unions that moved in or out
 * in between (the roll-up lists them): a union that left takes its figures with it, and a union that came
 * in brings only what happened after `before`. A handful of single reads, whatever the federation's size.
 */
async function directChange(
  reader: ProjectionReader,
  federationId: string,
  atEnd: RollUpDoc | null,
  before: string,
  to: string,
  knownAt: number | undefined,
): Promise<Counts> {
  if (!atEnd || (atEnd.counts.unions ?? 0) === 0) return {};
  const atStart = await reader.get<RollUpDoc>(FEDERATION_TOTALS, federationId, { asOf: before, knownAt });
  const change = sumCounts([atEnd.counts, negated(atStart?.counts ?? {})]);
  const moved = new Set(atEnd.moves.filter(([, on]) => on > before && on <= to).map(([unionId]) => unionId));
  for (const unionId of moved) {
    const [then, now] = await Promise.all([
      reader.get<UnionDoc>(UNIONS, unionId, { asOf: before, knownAt }),
      reader.get<UnionDoc>(UNIONS, unionId, { asOf: to, knownAt }),
    ]);
    const [wasHere, isHere] = [then?.federationId === federationId, now?.federationId === federationId];
    if (wasHere === isHere || !then) continue;
    Object.assign(change, sumCounts([change, wasHere ? unionMeasure(then) : negated(unionMeasure(then))]));
  }
  return change;
}

function negated(counts: Readonly<Counts>): Counts {
  return Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, -value]));
}

/**
 * The plan-year figures of DOMAIN.md: development and founding rates against the year's targets,
 * coverage against the workforce reported, conference coverage. Counted up to the end of the year,
 * or up to `at.asOf` when that is earlier (progress during the year; nothing new before it began).
 * Counts cover every union under the federation (rolled up); targets and workforce are its own.
 */
export async function developmentRates(
  reader: ProjectionReader,
  federationId: string,
  year: number,
  at: ReadAt = {},
): Promise<DevelopmentRates | null> {
  const yearEnd = `${year}-12-31`;
  const asOf = at.asOf && at.asOf < yearEnd ? at.asOf : yearEnd;
  // One tree and one roll-up per federation on `asOf` serve both the year's movements and the totals.
  const tree = await federationTree(reader, federationId, { asOf, knownAt: at.knownAt });
  if (!tree) return null;
  const { federation } = tree;
  const atEnd = await rollUpsOf(reader, idsIn(tree), { asOf, knownAt: at.knownAt });
  const yearStart = `${year}-01-01`;
  const change = asOf < yearStart ? {} : await changeOver(reader, atEnd, yearStart, asOf, at.knownAt);
  const period = { joined: change.joined ?? 0, unionsFounded: change.unions ?? 0 };
  const counts = sumCounts([...atEnd.values()].map((doc) => doc?.counts ?? {}));
  const members = counts.members ?? 0;
  const units = counts.active ?? 0;
  const held = counts[`conferences.${year}`] ?? 0;
  const target = figureOn(federation.targets[String(year)], asOf);
  const workers = figureOn(federation.workforce[String(year)], asOf);
  return {
    federationId,
    year,
    asOf,
    target,
    newMembers: period.joined,
    unionsFounded: period.unionsFounded,
    memberDevelopmentRate: percent(period.joined, target?.newMembers),
    unionFoundingRate: percent(period.unionsFounded, target?.newUnions),
    members,
    workers,
    coverage: percent(members, workers),
    conferences: { held, units, rate: percent(held, units) },
  };
}
