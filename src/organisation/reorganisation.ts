import { assertNotInFuture } from '../core/business-date';
import type { Decider, DecisionContext, DomainEvent } from '../core/decider';
import { RuleBroken } from '../core/domain-error';
import type { FundBookState } from '../funds/fund-book';
import { federationDecider, type FederationState, initialFederationState } from './federation';
import {
  type FederationEvent,
  federationStream,
  type PlannedMerge,
  type PlannedMove,
  type PlannedRegistration,
  type ReorganisationRecorded,
  type UnionEvent,
  unionStream,
} from './organisation.events';
import { initialUnionState, unionDecider, type UnionState } from './union';

/**
 * A reorganisation (sắp xếp tổ chức bộ máy), recorded atomically on one date: new federations registered,
 * grassroots unions moved, federations merged (their remaining unions follow them into the target) or
 * dissolved (once empty). Vietnam's 2025 reorganisation, for one: district federations ended on 1 July 2025,
 * their unions split among the new commune and ward unions.
 */
export interface Reorganise {
  type: 'Reorganise';
  reorganisationId: string;
  register: PlannedRegistration[];
  moves: { unionId: string; toFederationId: string }[];
  merges: PlannedMerge[];
  dissolutions: string[];
}

/** What the planner reads: every federation and union it names or touches, and the unions under each ending federation. */
export interface ReorganisationLookups {
  federations: Record<string, FederationState>;
  /** Each union folded over its whole history, as the union's own commands see it. */
  unions: Record<string, UnionState>;
  /** The unions attached directly to each merged or dissolved federation on the date. */
  unionsUnder: Record<string, string[]>;
  /** The fund books of each merged federation and of each that absorbs one (their balances are handed over). */
  fundBooks: Record<string, FundBookState>;
}

export interface ReorganisationState {
  recordedOn: string | null;
}

/** The largest reorganisation one request may record: bounds one append. */
export const MAX_REORGANISATION_CHANGES = 2_000;

/** The federations and unions a reorganisation reads before it is planned. */
export function namedIn(command: Reorganise): { federations: string[]; unions: string[]; ending: string[] } {
  const ending = [...command.merges.map((m) => m.federationId), ...command.dissolutions];
  const federations = new Set<string>([
    ...command.register.flatMap((r) => (r.parentId === null ? [r.federationId] : [r.federationId, r.parentId])),
    ...command.moves.map((m) => m.toFederationId),
    ...command.merges.flatMap((m) => [m.federationId, m.intoFederationId]),
    ...command.dissolutions,
  ]);
  return { federations: [...federations], unions: [...new Set(command.moves.map((m) => m.unionId))], ending };
}

export const reorganisationDecider: Decider<
  ReorganisationState,
  Reorganise,
  ReorganisationRecorded,
  ReorganisationLookups
> = {
  initialState: { recordedOn: null },
  evolve: (_state, event) => ({ recordedOn: event.data.occurredOn }),
  decide(command, state, context, lookups) {
    assertNotInFuture(context.occurredOn, context.today);
    if (state.recordedOn !== null) {
      throw new RuleBroken(
        'reorganisation.already-recorded',
        `reorganisation '${command.reorganisationId}' was already recorded (on ${state.recordedOn}); choose a new id`,
      );
    }
    return [plan(command, context, lookups).recorded];
  },
};

/** Every change, checked by the decider of the entity it is about, against the states the plan itself has made. */
export function plan(
  command: Reorganise,
  context: DecisionContext,
  lookups: ReorganisationLookups,
): { recorded: ReorganisationRecorded } {
  const size = command.register.length + command.moves.length + command.merges.length + command.dissolutions.length;
  if (size === 0) throw new RuleBroken('reorganisation.empty', 'a reorganisation must change something');
  if (size > MAX_REORGANISATION_CHANGES) {
    throw new RuleBroken(
      'reorganisation.too-large',
      `a reorganisation may list at most ${MAX_REORGANISATION_CHANGES} changes; split it over several requests`,
    );
  }
  assertListedOnce(
    command.register.map((r) => r.federationId),
    'registered',
  );
  assertListedOnce(
    command.moves.map((m) => m.unionId),
    'moved',
  );
  assertListedOnce([...command.merges.map((m) => m.federationId), ...command.dissolutions], 'ended');

  const federations = new Map(Object.entries(lookups.federations));
  const unions = new Map(Object.entries(lookups.unions));
  const federation = (id: string) => federations.get(id) ?? initialFederationState;
  const applyFederation = (events: FederationEvent[]) => {
    for (const event of events) {
      const id = event.data.federationId;
      federations.set(id, federationDecider.evolve(federation(id), event));
    }
  };

  for (const registration of command.register) {
    applyFederation(
      federationDecider.decide(
        { type: 'RegisterFederation', ...registration },
        federation(registration.federationId),
        context,
        { other: registration.parentId === null ? undefined : federation(registration.parentId) },
      ),
    );
  }

  const moved: PlannedMove[] = [];
  const move = (unionId: string, toFederationId: string, automatic: boolean) => {
    const union = unions.get(unionId) ?? initialUnionState;
    const [event] = unionDecider.decide({ type: 'TransferUnion', unionId, toFederationId }, union, context, {
      federation: federation(toFederationId),
    }) as Extract<UnionEvent, { type: 'UnionTransferred' }>[];
    unions.set(unionId, unionDecider.evolve(union, event));
    moved.push({ unionId, fromFederationId: event.data.fromFederationId, toFederationId, automatic });
  };
  for (const { unionId, toFederationId } of command.moves) move(unionId, toFederationId, false);

  // A union still attached to an ending federation on the date, and still active then.
  const remaining = (federationId: string) =>
    (lookups.unionsUnder[federationId] ?? []).filter((unionId) => {
      const union = unions.get(unionId);
      return (
        union !== undefined &&
        union.federationId === federationId &&
        (union.dissolvedOn === null || union.dissolvedOn > context.occurredOn)
      );
    });

  for (const merge of command.merges) {
    // Checked before its unions move: merging into itself or into an inactive federation is refused as such.
    federationDecider.decide({ type: 'MergeFederation', ...merge }, federation(merge.federationId), context, {
      other: federation(merge.intoFederationId),
    });
    for (const unionId of remaining(merge.federationId)) move(unionId, merge.intoFederationId, true);
    applyFederation(
      federationDecider.decide({ type: 'MergeFederation', ...merge }, federation(merge.federationId), context, {
        other: federation(merge.intoFederationId),
      }),
    );
  }

  for (const federationId of command.dissolutions) {
    const left = remaining(federationId);
    if (left.length > 0) {
      throw new RuleBroken(
        'federation.has-unions',
        `federation '${federationId}' still has ${left.length} union(s) on ${context.occurredOn} ` +
          `(${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}): move them, or merge it instead`,
      );
    }
    applyFederation(
      federationDecider.decide({ type: 'DissolveFederation', federationId }, federation(federationId), context, {}),
    );
  }

  return {
    recorded: {
      type: 'ReorganisationRecorded',
      data: {
        occurredOn: context.occurredOn,
        reorganisationId: command.reorganisationId,
        registered: command.register,
        moved,
        merged: command.merges,
        dissolved: command.dissolutions,
      },
    },
  };
}

function assertListedOnce(ids: string[], what: string): void {
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) {
    throw new RuleBroken('reorganisation.listed-twice', `'${twice}' is ${what} more than once in one reorganisation`);
  }
}

/** The change each entity's own stream records, derived from the reorganisation's resolved record. */
export function changesOf(recorded: ReorganisationRecorded): { streamId: string; events: DomainEvent[] }[] {
  const { occurredOn } = recorded.data;
  const changes: { streamId: string; events: (FederationEvent | UnionEvent)[] }[] = [];
  for (const { federationId, name, level, parentId } of recorded.data.registered) {
    changes.push({
      streamId: federationStream(federationId),
      events: [{ type: 'FederationRegistered', data: { occurredOn, federationId, name, level, parentId } }],
    });
  }
  for (const { unionId, fromFederationId, toFederationId } of recorded.data.moved) {
    changes.push({
      streamId: unionStream(unionId),
      events: [{ type: 'UnionTransferred', data: { occurredOn, unionId, fromFederationId, toFederationId } }],
    });
  }
  for (const { federationId, intoFederationId } of recorded.data.merged) {
    changes.push({
      streamId: federationStream(federationId),
      events: [{ type: 'FederationsMerged', data: { occurredOn, federationId, intoFederationId } }],
    });
  }
  for (const federationId of recorded.data.dissolved) {
    changes.push({
      streamId: federationStream(federationId),
      events: [{ type: 'FederationDissolved', data: { occurredOn, federationId } }],
    });
  }
  return changes;
}
