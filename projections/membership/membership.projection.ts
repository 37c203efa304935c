import { defineProjection, type DocumentRef } from '../../src/core/projection';
import type { StoredEvent } from '../../src/core/event-store.port';
import type { RollUp } from '../../src/core/roll-ups';
import type { ConferenceHeld } from '../../src/democracy/democracy.events';
import type { MemberLeft, MemberTransferred, SealedMemberJoined } from '../../src/membership/membership.events';
import type {
  DevelopmentTargetSet,
  FederationDissolved,
  FederationRegistered,
  FederationRenamed,
  FederationsMerged,
  UnionDissolved,
  UnionFounded,
  UnionTransferred,
  WorkforceReported,
} from '../../src/organisation/organisation.events';

/**
 * Membership read model (đoàn viên, công đoàn cơ sở), kept as effective-dated versions.
 *
 * Three collections, each small per document, so every event touches O(1) documents:
 * - `unions`: one per grassroots union: its federation (as of each date), status and member counters;
 * - `federations`: name, level, parent, status, yearly targets and workforce reported;
 * - `federationTotals`: a roll-up (`roll-ups.ts`) the engine keeps from `unions`: per federation, the sums
 *   of `unionMeasure` over the unions that belonged to it on each date, and the dates unions moved in or
 *   out. A late, back-dated change to a union counts for the federation the union belonged to on its date.
 * Federation, city and cluster figures read `federationTotals` (one document per federation in the
 * hierarchy), never every union.
 *
 * Personal data (names, birth dates) never enters this model.
 */
export interface UnionDoc {
  unionId: string;
  name: string;
  federationId: string;
  /** Business date the union came under `federationId` (founding or latest transfer by date). */
  federationSince: string;
  sector: string;
  status: 'active' | 'dissolved';
  foundedOn: string;
  dissolvedOn: string | null;
  members: number;
  /** Cumulative counters: a period's figure is the difference between two dates. */
  joined: number;
  left: number;
  transferredIn: number;
  transferredOut: number;
  /** Years in which the unit held a democratic conference, by kind. */
  conferences: Record<string, string[]>;
}

export interface DatedFigure<T> {
  value: T;
  /** Business date of the fact that set it: the latest dated fact wins, whatever order it was recorded in. */
  setOn: string;
}

export interface DevelopmentTarget {
  newMembers: number;
  newUnions: number;
}

export interface FederationDoc {
  federationId: string;
  name: string;
  /** Business date of the registration or rename that gave `name`. */
  nameSince: string;
  level: string;
  parentId: string | null;
  status: 'active' | 'merged' | 'dissolved';
  mergedInto: string | null;
  /**
   * Per year, every figure set for it, ascending by `setOn` (one per date: a later record on the same
   * date replaces it). The figure in force on a date is the latest set by then — `figureOn` in the queries.
   */
  targets: Record<string, DatedFigure<DevelopmentTarget>[]>;
  workforce: Record<string, DatedFigure<number>[]>;
}

export const UNIONS = 'unions';
export const FEDERATIONS = 'federations';
export const FEDERATION_TOTALS = 'federationTotals';

/**
 * What a union adds to its federation's totals on a date. `unions` counts it (active or dissolved);
 * `conferences.<year>` counts it when it is active and held a democratic conference (of any kind) that year.
 */
export function unionMeasure(union: UnionDoc): Record<string, number> {
  const active = union.status === 'active' ? 1 : 0;
  const measure: Record<string, number> = {
    unions: 1,
    active,
    dissolved: 1 - active,
    members: union.members,
    joined: union.joined,
    left: union.left,
    transferredIn: union.transferredIn,
    transferredOut: union.transferredOut,
  };
  if (active) {
    for (const year of new Set(Object.values(union.conferences).flat())) measure[`conferences.${year}`] = 1;
  }
  return measure;
}

const federationTotals: RollUp<UnionDoc> = {
  from: UNIONS,
  into: FEDERATION_TOTALS,
  groupOf: (union) => union.federationId,
  measure: unionMeasure,
};

const ref = (collection: string, id: string): DocumentRef => ({ collection, id });

/** What a federation document reads. */
type FederationFact =
  | FederationRegistered
  | FederationRenamed
  | FederationsMerged
  | FederationDissolved
  | DevelopmentTargetSet
  | WorkforceReported;
/** What a union document reads; members join as stored, their personal data sealed (and never read here). */
type UnionFact =
  | UnionFounded
  | UnionDissolved
  | UnionTransferred
  | SealedMemberJoined
  | MemberTransferred
  | MemberLeft
  | ConferenceHeld;
type MembershipFact = FederationFact | UnionFact;

function yearFigureFrom({ year, occurredOn }: { year: number; occurredOn: string }): string {
  const yearStart = `${String(year).padStart(4, '0')}-01-01`;
  return yearStart < occurredOn ? yearStart : occurredOn;
}

export const membershipProjection = defineProjection<MembershipFact, FederationDoc | UnionDoc>({
  name: 'membership',
  // v2: `nameSince` / `federationSince` (latest dated fact wins); yearly figures apply from 1 January.
  // v3: the `federationTotals` roll-up.
  version: 3,
  eventTypes: {
    FederationRegistered: true,
    FederationRenamed: true,
    FederationsMerged: true,
    FederationDissolved: true,
    DevelopmentTargetSet: true,
    WorkforceReported: true,
    UnionFounded: true,
    UnionDissolved: true,
    UnionTransferred: true,
    MemberJoined: true,
    MemberTransferred: true,
    MemberLeft: true,
    ConferenceHeld: true,
  },
  collections: {
    [UNIONS]: { indexes: [['federationId']] },
    [FEDERATIONS]: { indexes: [['parentId']] },
    [FEDERATION_TOTALS]: {},
  },
  rollUps: [federationTotals],

  documentsOf(event) {
    switch (event.type) {
      case 'FederationRegistered':
      case 'FederationRenamed':
      case 'FederationsMerged':
      case 'FederationDissolved':
        return [ref(FEDERATIONS, event.data.federationId)];
      case 'DevelopmentTargetSet':
      case 'WorkforceReported':
        // A plan or a head count is for a whole year, often recorded once the year has begun (or ended):
        // every version from 1 January of that year (or from its date, when earlier) keeps it, so a
        // year's figures always see it; which one is in force on a date is the query's choice.
        return [{ ...ref(FEDERATIONS, event.data.federationId), validFrom: yearFigureFrom(event.data) }];
      case 'UnionFounded':
      case 'UnionDissolved':
      case 'UnionTransferred':
      case 'MemberJoined':
      case 'MemberLeft':
      case 'ConferenceHeld':
        return [ref(UNIONS, event.data.unionId)];
      case 'MemberTransferred':
        return [ref(UNIONS, event.data.fromUnionId), ref(UNIONS, event.data.toUnionId)];
    }
  },

  // Every branch is a delta that commutes with later-dated facts: counters add, sets are conditional.
  evolve(doc, event, target) {
    switch (target.collection) {
      case FEDERATIONS:
        return evolveFederation(doc as FederationDoc | null, event);
      case UNIONS:
        return evolveUnion(doc as UnionDoc | null, event, target.id);
      default:
        return doc;
    }
  },
});

function evolveFederation(doc: FederationDoc | null, event: StoredEvent<MembershipFact>): FederationDoc | null {
  if (event.type === 'FederationRegistered') {
    const d = event.data;
    return (
      doc ?? {
        federationId: d.federationId,
        name: d.name,
        nameSince: d.occurredOn,
        level: d.level,
        parentId: d.parentId ?? null,
        status: 'active',
        mergedInto: null,
        targets: {},
        workforce: {},
      }
    );
  }
  if (!doc) return doc;
  switch (event.type) {
    // The latest rename by date wins: a late-recorded, back-dated rename does not undo a later one.
    case 'FederationRenamed': {
      const { to, occurredOn } = event.data;
      return occurredOn >= doc.nameSince ? { ...doc, name: to, nameSince: occurredOn } : doc;
    }
    case 'FederationsMerged':
      return { ...doc, status: 'merged', mergedInto: event.data.intoFederationId };
    case 'FederationDissolved':
      return { ...doc, status: 'dissolved' };
    case 'DevelopmentTargetSet': {
      const { year, newMembers, newUnions, occurredOn } = event.data;
      const value = { newMembers, newUnions };
      return { ...doc, targets: { ...doc.targets, [year]: withFigure(doc.targets[year], value, occurredOn) } };
    }
    case 'WorkforceReported': {
      const { year, workers, occurredOn } = event.data;
      return { ...doc, workforce: { ...doc.workforce, [year]: withFigure(doc.workforce[year], workers, occurredOn) } };
    }
    default:
      return doc;
  }
}

/** Adds a dated figure, keyed by its date: commutes with figures of other dates, in any order. */
function withFigure<T>(figures: DatedFigure<T>[] = [], value: T, setOn: string): DatedFigure<T>[] {
  return [...figures.filter((f) => f.setOn !== setOn), { value, setOn }].sort((a, b) =>
    a.setOn < b.setOn ? -1 : a.setOn > b.setOn ? 1 : 0,
  );
}

function evolveUnion(doc: UnionDoc | null, event: StoredEvent<MembershipFact>, unionId: string): UnionDoc | null {
  if (event.type === 'UnionFounded') {
    const d = event.data;
    return (
      doc ?? {
        unionId,
        name: d.name,
        federationId: d.federationId,
        federationSince: d.occurredOn,
        sector: d.sector,
        status: 'active',
        foundedOn: d.occurredOn,
        dissolvedOn: null,
        members: 0,
        joined: 0,
        left: 0,
        transferredIn: 0,
        transferredOut: 0,
        conferences: {},
      }
    );
  }
  if (!doc) return doc;
  switch (event.type) {
    case 'UnionDissolved':
      return { ...doc, status: 'dissolved', dissolvedOn: event.data.occurredOn };
    // The latest transfer by date wins, whatever order transfers were recorded in.
    case 'UnionTransferred': {
      const { toFederationId, occurredOn } = event.data;
      return occurredOn >= doc.federationSince
        ? { ...doc, federationId: toFederationId, federationSince: occurredOn }
        : doc;
    }
    case 'MemberJoined':
      return { ...doc, members: doc.members + 1, joined: doc.joined + 1 };
    case 'MemberLeft':
      return { ...doc, members: doc.members - 1, left: doc.left + 1 };
    case 'MemberTransferred':
      return unionId === event.data.fromUnionId
        ? { ...doc, members: doc.members - 1, transferredOut: doc.transferredOut + 1 }
        : { ...doc, members: doc.members + 1, transferredIn: doc.transferredIn + 1 };
    case 'ConferenceHeld': {
      const { kind } = event.data;
      const year = String(event.data.year);
      const years = doc.conferences[kind] ?? [];
      return years.includes(year)
        ? doc
        : { ...doc, conferences: { ...doc.conferences, [kind]: [...years, year].sort() } };
    }
    default:
      return doc;
  }
}
