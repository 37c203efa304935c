import { assertNotInFuture } from '../core/business-date';
import { assertNever, type DecisionContext, type Decider } from '../core/decider';
import { NotFound, RuleBroken } from '../core/domain-error';
import { FEDERATION_LEVELS, type FederationEvent, type FederationLevel } from './organisation.events';

export interface FederationState {
  status: 'unregistered' | 'active' | 'merged' | 'dissolved';
  id: string;
  name: string;
  level: FederationLevel;
  parentId: string | null;
  registeredOn: string;
  /** When it stopped being active (merged or dissolved). */
  endedOn: string | null;
  /** The emulation cluster it competes in, by year. */
  clusters: Record<string, string>;
}

export type FederationCommand =
  | { type: 'RegisterFederation'; federationId: string; name: string; level: FederationLevel; parentId: string | null }
  | { type: 'RenameFederation'; federationId: string; name: string }
  | { type: 'MergeFederation'; federationId: string; intoFederationId: string }
  | { type: 'DissolveFederation'; federationId: string }
  | { type: 'SetDevelopmentTarget'; federationId: string; year: number; newMembers: number; newUnions: number }
  | { type: 'ReportWorkforce'; federationId: string; year: number; workers: number };

/** The other federation a command names (parent or merge target), read by the command layer. */
export interface FederationLookups {
  other?: FederationState;
}

export const initialFederationState: FederationState = {
  status: 'unregistered',
  id: '',
  name: '',
  level: 'district',
  parentId: null,
  registeredOn: '',
  endedOn: null,
  clusters: {},
};

/** The federation existed and was active on that date (registered, not yet merged or dissolved). */
export function federationActiveOn(state: FederationState | undefined, date: string): boolean {
  return (
    state !== undefined &&
    state.status !== 'unregistered' &&
    state.registeredOn <= date &&
    (state.endedOn === null || date < state.endedOn)
  );
}

/** Throws NotFound / RuleBroken unless the federation was active on the date. */
export function assertFederationActiveOn(
  state: FederationState | undefined,
  id: string,
  date: string,
): FederationState {
  if (!state || state.status === 'unregistered') throw new NotFound('federation', id);
  if (!federationActiveOn(state, date)) {
    const why =
      date < state.registeredOn
        ? `was registered only on ${state.registeredOn}`
        : `was ${state.status} on ${state.endedOn}`;
    throw new RuleBroken(
      'federation.not-active',
      `federation '${id}' ${why}, so nothing can be recorded for it on ${date}`,
    );
  }
  return state;
}

export const federationDecider: Decider<FederationState, FederationCommand, FederationEvent, FederationLookups> = {
  initialState: initialFederationState,

  evolve(state, event) {
    switch (event.type) {
      case 'FederationRegistered':
        return {
          ...state,
          status: 'active',
          id: event.data.federationId,
          name: event.data.name,
          level: event.data.level,
          parentId: event.data.parentId,
          registeredOn: event.data.occurredOn,
        };
      case 'FederationRenamed':
        return { ...state, name: event.data.to };
      case 'FederationsMerged':
        return { ...state, status: 'merged', endedOn: event.data.occurredOn };
      case 'FederationDissolved':
        return { ...state, status: 'dissolved', endedOn: event.data.occurredOn };
      case 'FederationEnteredCluster':
        return { ...state, clusters: { ...state.clusters, [String(event.data.year)]: event.data.clusterId } };
      case 'DevelopmentTargetSet':
      case 'WorkforceReported':
        return state;
      default:
        return assertNever(event);
    }
  },

  decide(command, state, context, lookups) {
    assertNotInFuture(context.occurredOn, context.today);
    if (command.type === 'RegisterFederation') return register(command, state, context, lookups);

    const current = assertFederationActiveOn(state, command.federationId, context.occurredOn);
    switch (command.type) {
      case 'RenameFederation':
        if (command.name === current.name) {
          throw new RuleBroken('federation.same-name', `federation '${current.id}' is already named '${current.name}'`);
        }
        return [
          {
            type: 'FederationRenamed',
            data: { occurredOn: context.occurredOn, federationId: current.id, from: current.name, to: command.name },
          },
        ];
      case 'MergeFederation': {
        if (command.intoFederationId === current.id) {
          throw new RuleBroken(
            'federation.merge-into-itself',
            `federation '${current.id}' cannot be merged into itself`,
          );
        }
        assertFederationActiveOn(lookups.other, command.intoFederationId, context.occurredOn);
        return [
          {
            type: 'FederationsMerged',
            data: {
              occurredOn: context.occurredOn,
              federationId: current.id,
              intoFederationId: command.intoFederationId,
            },
          },
        ];
      }
      case 'DissolveFederation':
        return [{ type: 'FederationDissolved', data: { occurredOn: context.occurredOn, federationId: current.id } }];
      case 'SetDevelopmentTarget': {
        const { newMembers, newUnions } = command;
        const data = yearFigures(current, context, command.year, { newMembers, newUnions });
        return [{ type: 'DevelopmentTargetSet', data }];
      }
      case 'ReportWorkforce': {
        const data = yearFigures(current, context, command.year, { workers: command.workers });
        return [{ type: 'WorkforceReported', data }];
      }
      default:
        return assertNever(command);
    }
  },
};

function register(
  command: Extract<FederationCommand, { type: 'RegisterFederation' }>,
  state: FederationState,
  context: DecisionContext,
  lookups: FederationLookups,
): FederationEvent[] {
  if (state.status !== 'unregistered') {
    throw new RuleBroken('federation.already-registered', `federation '${command.federationId}' is already registered`);
  }
  if (command.parentId !== null) {
    if (command.parentId === command.federationId) {
      throw new RuleBroken('federation.own-parent', `federation '${command.federationId}' cannot be its own parent`);
    }
    const parent = assertFederationActiveOn(lookups.other, command.parentId, context.occurredOn);
    if (FEDERATION_LEVELS.indexOf(parent.level) >= FEDERATION_LEVELS.indexOf(command.level)) {
      throw new RuleBroken(
        'federation.parent-level',
        `a ${command.level} federation cannot sit under '${parent.id}', which is a ${parent.level} federation`,
      );
    }
  }
  return [
    {
      type: 'FederationRegistered',
      data: {
        occurredOn: context.occurredOn,
        federationId: command.federationId,
        name: command.name,
        level: command.level,
        parentId: command.parentId,
      },
    },
  ];
}

/** Plans are for a year the federation exists in, and at most next year. */
/** A federation's counts for one plan year (its targets, its workforce), checked and dated: an event's data. */
function yearFigures<Counts extends Record<string, number>>(
  federation: FederationState,
  context: DecisionContext,
  year: number,
  counts: Counts,
) {
  assertPlanYear(year, federation, context);
  for (const [what, value] of Object.entries(counts)) assertCount(value, what);
  return { occurredOn: context.occurredOn, federationId: federation.id, year, ...counts };
}

function assertPlanYear(year: number, federation: FederationState, context: DecisionContext): void {
  const first = Number(federation.registeredOn.slice(0, 4));
  const last = Number(context.today.slice(0, 4)) + 1;
  if (!Number.isInteger(year) || year < first || year > last) {
    throw new RuleBroken('plan.year', `year ${year} must be between ${first} (registration) and ${last}`);
  }
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RuleBroken('plan.count', `${what} must be a whole number of 0 or more, got ${String(value)}`);
  }
}
