import { dayBefore } from '../../src/core/business-date';
import type { ProjectionReader } from '../../src/core/projection-reader';
import type { ReadAt } from '../../src/core/read-store.port';
import { federationTree, type FederationNode, idsIn } from './federation-tree';
import { type DatedFigure, FEDERATIONS, type FederationDoc, UNIONS, type UnionDoc } from './membership.projection';

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

/** The unions of every federation in the list on the date, by federation. */
async function unionsByFederation(
  reader: ProjectionReader,
  federationIds: readonly string[],
  at: ReadAt | undefined,
): Promise<Map<string, UnionDoc[]>> {
  const lists = await Promise.all(federationIds.map((id) => unionsOf(reader, id, at)));
  return new Map(federationIds.map((id, index) => [id, lists[index]]));
}

/** Every union under the federation on the date: its own and those of every federation below it. */
export async function unionsUnder(reader: ProjectionReader, federationId: string, at?: ReadAt): Promise<UnionDoc[]> {
  const tree = await federationTree(reader, federationId, at);
  if (!tree) return [];
  return [...(await unionsByFederation(reader, idsIn(tree), at)).values()].flat();
}

export const noTotals = (): MembershipTotals => ({
  unions: { active: 0, dissolved: 0 },
  members: 0,
  joined: 0,
  left: 0,
  transferredIn: 0,
  transferredOut: 0,
});

export function totalsOf(unions: readonly UnionDoc[]): MembershipTotals {
  const totals = noTotals();
  for (const union of unions) {
    if (union.status === 'active') totals.unions.active += 1;
    else totals.unions.dissolved += 1;
    totals.members += union.members;
    totals.joined += union.joined;
    totals.left += union.left;
    totals.transferredIn += union.transferredIn;
    totals.transferredOut += union.transferredOut;
  }
  return totals;
}

export function addTotals(a: MembershipTotals, b: MembershipTotals): MembershipTotals {
  return {
    unions: { active: a.unions.active + b.unions.active, dissolved: a.unions.dissolved + b.unions.dissolved },
    members: a.members + b.members,
    joined: a.joined + b.joined,
    left: a.left + b.left,
    transferredIn: a.transferredIn + b.transferredIn,
    transferredOut: a.transferredOut + b.transferredOut,
  };
}

function subtreeTotals(node: FederationNode, unions: Map<string, UnionDoc[]>): MembershipTotals {
  return node.children.reduce(
    (sum, child) => addTotals(sum, subtreeTotals(child, unions)),
    totalsOf(unions.get(node.federation.federationId) ?? []),
  );
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
  const unions = await unionsByFederation(reader, idsIn(tree), at);
  const { federation } = tree;
  const children = tree.children
    .map((child): ChildMembership => ({
      federationId: child.federation.federationId,
      name: child.federation.name,
      level: child.federation.level,
      status: child.federation.status,
      ...subtreeTotals(child, unions),
    }))
    .filter(shown);
  return {
    federationId,
    name: federation.name,
    level: federation.level,
    parentId: federation.parentId,
    status: federation.status,
    ...subtreeTotals(tree, unions),
    direct: totalsOf(unions.get(federationId) ?? []),
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
  const before = dayBefore(from);
  const unions = await unionsUnder(reader, federationId, { asOf: to, knownAt });
  // Most unions were already under the federation the day before: one listing per federation, then single
  // reads only for the unions moved in (or founded) during the period.
  const atStart = new Map<string, UnionDoc>();
  for (const union of await unionsUnder(reader, federationId, { asOf: before, knownAt })) {
    atStart.set(union.unionId, union);
  }
  const movements: PeriodMovements = {
    from,
    to,
    joined: 0,
    left: 0,
    transferredIn: 0,
    transferredOut: 0,
    unionsFounded: 0,
    unionsDissolved: 0,
  };
  for (const union of unions) {
    const start =
      atStart.get(union.unionId) ?? (await reader.get<UnionDoc>(UNIONS, union.unionId, { asOf: before, knownAt }));
    movements.joined += union.joined - (start?.joined ?? 0);
    movements.left += union.left - (start?.left ?? 0);
    movements.transferredIn += union.transferredIn - (start?.transferredIn ?? 0);
    movements.transferredOut += union.transferredOut - (start?.transferredOut ?? 0);
    if (union.foundedOn >= from && union.foundedOn <= to) movements.unionsFounded += 1;
    if (union.dissolvedOn && union.dissolvedOn >= from && union.dissolvedOn <= to) movements.unionsDissolved += 1;
  }
  return movements;
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
  const federation = await reader.get<FederationDoc>(FEDERATIONS, federationId, { asOf, knownAt: at.knownAt });
  if (!federation) return null;
  const yearStart = `${year}-01-01`;
  const period =
    asOf < yearStart
      ? { joined: 0, unionsFounded: 0 }
      : await periodMovements(reader, federationId, yearStart, asOf, at.knownAt);
  const unions = await unionsUnder(reader, federationId, { asOf, knownAt: at.knownAt });
  const totals = totalsOf(unions);
  const active = unions.filter((u) => u.status === 'active');
  const held = active.filter((u) => Object.values(u.conferences).some((years) => years.includes(String(year)))).length;
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
    members: totals.members,
    workers,
    coverage: percent(totals.members, workers),
    conferences: { held, units: active.length, rate: percent(held, active.length) },
  };
}
