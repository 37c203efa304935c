import type { DocumentRef, Projection } from '../../src/core/projection';
import type { StoredEvent } from '../../src/core/event-store.port';
import type { RollUp } from '../../src/core/roll-ups';

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

type Data = Record<string, unknown> & { occurredOn: string };

function yearFigureFrom(d: Data): string {
  const yearStart = `${String(d.year).padStart(4, '0')}-01-01`;
  return yearStart < d.occurredOn ? yearStart : d.occurredOn;
}

export const membershipProjection: Projection = {
  name: 'membership',
  // v2: `nameSince` / `federationSince` (latest dated fact wins); yearly figures apply from 1 January.
  // v3: the `federationTotals` roll-up.
  version: 3,
  eventTypes: [
    'FederationRegistered',
    'FederationRenamed',
    'FederationsMerged',
    'FederationDissolved',
    'DevelopmentTargetSet',
    'WorkforceReported',
    'UnionFounded',
    'UnionDissolved',
    'UnionTransferred',
    'MemberJoined',
    'MemberTransferred',
    'MemberLeft',
    'ConferenceHeld',
  ],
  collections: {
    [UNIONS]: { indexes: [['federationId']] },
    [FEDERATIONS]: { indexes: [['parentId']] },
    [FEDERATION_TOTALS]: {},
  },
  rollUps: [federationTotals],

  documentsOf(event: StoredEvent): DocumentRef[] {
    const d = event.data as Data;
    switch (event.type) {
      case 'FederationRegistered':
      case 'FederationRenamed':
      case 'FederationsMerged':
      case 'FederationDissolved':
        return [ref(FEDERATIONS, String(d.federationId))];
      case 'DevelopmentTargetSet':
      case 'WorkforceReported':
        // A plan or a head count is for a whole year, often recorded once the year has begun (or ended):
        // every version from 1 January of that year (or from its date, when earlier) keeps it, so a
        // year's figures always see it; which one is in force on a date is the query's choice.
        return [{ ...ref(FEDERATIONS, String(d.federationId)), validFrom: yearFigureFrom(d) }];
      case 'UnionFounded':
      case 'UnionDissolved':
      case 'UnionTransferred':
      case 'MemberJoined':
      case 'MemberLeft':
      case 'ConferenceHeld':
        return [ref(UNIONS, String(d.unionId))];
      case 'MemberTransferred':
        return [ref(UNIONS, String(d.fromUnionId)), ref(UNIONS, String(d.toUnionId))];
      default:
        return [];
    }
  },

  // Every branch is a delta that commutes with later-dated facts: counters add, sets are conditional.
  evolve(doc: unknown, event: StoredEvent, target: DocumentRef): unknown {
    const d = event.data as Data;
    switch (target.collection) {
      case FEDERATIONS:
        return evolveFederation(doc as FederationDoc | null, event.type, d);
      case UNIONS:
        return evolveUnion(doc as UnionDoc | null, event.type, d, target.id);
      default:
        return doc;
    }
  },
};

function evolveFederation(doc: FederationDoc | null, type: string, d: Data): FederationDoc | null {
  if (type === 'FederationRegistered') {
    return (
      doc ?? {
        federationId: String(d.federationId),
        name: String(d.name),
        nameSince: d.occurredOn,
        level: String(d.level),
        parentId: (d.parentId as string | null) ?? null,
        status: 'active',
        mergedInto: null,
        targets: {},
        workforce: {},
      }
    );
  }
  if (!doc) return doc;
  switch (type) {
    // The latest rename by date wins: a late-recorded, back-dated rename does not undo a later one.
    case 'FederationRenamed':
      return d.occurredOn >= doc.nameSince ? { ...doc, name: String(d.to), nameSince: d.occurredOn } : doc;
    case 'FederationsMerged':
      return { ...doc, status: 'merged', mergedInto: String(d.intoFederationId) };
    case 'FederationDissolved':
      return { ...doc, status: 'dissolved' };
    case 'DevelopmentTargetSet': {
      const year = String(d.year);
      const value = { newMembers: Number(d.newMembers), newUnions: Number(d.newUnions) };
      return { ...doc, targets: { ...doc.targets, [year]: withFigure(doc.targets[year], value, d.occurredOn) } };
    }
    case 'WorkforceReported': {
      const year = String(d.year);
      const workers = Number(d.workers);
      return {
        ...doc,
        workforce: { ...doc.workforce, [year]: withFigure(doc.workforce[year], workers, d.occurredOn) },
      };
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

function evolveUnion(doc: UnionDoc | null, type: string, d: Data, unionId: string): UnionDoc | null {
  if (type === 'UnionFounded') {
    return (
      doc ?? {
        unionId,
        name: String(d.name),
        federationId: String(d.federationId),
        federationSince: d.occurredOn,
        sector: String(d.sector),
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
  switch (type) {
    case 'UnionDissolved':
      return { ...doc, status: 'dissolved', dissolvedOn: d.occurredOn };
    // The latest transfer by date wins, whatever order transfers were recorded in.
    case 'UnionTransferred':
      return d.occurredOn >= doc.federationSince
        ? { ...doc, federationId: String(d.toFederationId), federationSince: d.occurredOn }
        : doc;
    case 'MemberJoined':
      return { ...doc, members: doc.members + 1, joined: doc.joined + 1 };
    case 'MemberLeft':
      return { ...doc, members: doc.members - 1, left: doc.left + 1 };
    case 'MemberTransferred':
      return unionId === d.fromUnionId
        ? { ...doc, members: doc.members - 1, transferredOut: doc.transferredOut + 1 }
        : { ...doc, members: doc.members + 1, transferredIn: doc.transferredIn + 1 };
    case 'ConferenceHeld': {
      const kind = String(d.kind);
      const years = doc.conferences[kind] ?? [];
      const year = String(d.year);
      return years.includes(year)
        ? doc
        : { ...doc, conferences: { ...doc.conferences, [kind]: [...years, year].sort() } };
    }
    default:
      return doc;
  }
}
