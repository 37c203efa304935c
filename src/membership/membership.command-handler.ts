import { createHmac } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNever, type Decider } from '../core/decider';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import {
  type AlsoRecorded,
  type CommandEnvelope,
  type CommandOutcome,
  type DecisionReads,
  handleCommand,
} from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { type MemberAdmitted, unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { sealPersonalData } from '../privacy/personal-data-cipher';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../privacy/personal-data-keys.port';
import { type MemberCommand, memberDecider, type MemberLookups, type MemberState } from './member';
import { type MemberStreamEvent, memberStream, type PersonalData, type SealedMemberJoined } from './membership.events';

export class RecordMembershipCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: MemberCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Routes each membership command to the member's stream. The unions are read as they stood on the
 * command's date, so the federation recorded in the event is the one the union belonged to then.
 */
@CommandHandler(RecordMembershipCommand)
export class MembershipCommandHandler implements ICommandHandler<RecordMembershipCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
  ) {}

  async execute({ command, envelope }: RecordMembershipCommand): Promise<CommandOutcome> {
    const deps = { store: this.store, now: this.now };
    // Read through the decision's reads: the member's append is conditional on each union as it was read,
    // so a union dissolved (or moved) at the same time makes the decision be taken again.
    const union = (reads: DecisionReads, id: string) =>
      reads.stateOn(unionStream(id), unionDecider, envelope.occurredOn);
    const stream = memberStream(command.memberId);
    switch (command.type) {
      case 'JoinMember': {
        // Sealed at the edge, before the append: the hash chain covers the ciphertext, never the name.
        // A refused join may leave an unused key behind; it encrypts nothing, so it reveals nothing.
        // The command path hashes the command for idempotency into the event metadata: it sees only a keyed
        // fingerprint of the personal data, which cannot be guessed back once the key is destroyed.
        const key = await this.keys.keyFor(command.memberId);
        const { personal, ...join } = command;
        const fingerprinted: FingerprintedJoin = { ...join, personal: fingerprintOf(key, personal) };
        return handleCommand(deps, stream, sealingJoins(key, personal), fingerprinted, envelope, {
          loadLookups: async (_member, reads) => ({ targetUnion: await union(reads, command.unionId) }),
          alsoRecord: admittedToUnion,
        });
      }
      case 'TransferMember':
        // The member's current union is known only once its history is folded.
        return handleCommand(deps, stream, memberDecider, command, envelope, {
          loadLookups: async (member, reads) => ({
            currentUnion: member.unionId ? await union(reads, member.unionId) : undefined,
            targetUnion: await union(reads, command.toUnionId),
          }),
          alsoRecord: admittedToUnion,
        });
      case 'RecordMemberLeft':
        return handleCommand(deps, stream, memberDecider, command, envelope, async (member, reads) => ({
          currentUnion: member.unionId ? await union(reads, member.unionId) : undefined,
        }));
      case 'ForgetMember': {
        const outcome = await handleCommand(deps, stream, memberDecider, command, envelope);
        // Destroyed after the event is recorded; a replayed request destroys nothing more.
        await this.keys.destroyKey(command.memberId);
        return outcome;
      }
      default:
        return assertNever(command);
    }
  }
}

/** A member who joins or is transferred in is entered on the union's roster, in the same append. */
function admittedToUnion(events: { type: string; data: object }[]): AlsoRecorded[] {
  return events.flatMap((event): AlsoRecorded[] => {
    if (event.type === 'MemberJoined' || event.type === 'MemberTransferred') {
      const data = event.data as { occurredOn: string; memberId: string; unionId?: string; toUnionId?: string };
      const unionId = event.type === 'MemberJoined' ? data.unionId! : data.toUnionId!;
      const admitted: MemberAdmitted = {
        type: 'MemberAdmitted',
        data: {
          occurredOn: data.occurredOn,
          unionId,
          memberId: data.memberId,
          via: event.type === 'MemberJoined' ? 'join' : 'transfer',
        },
      };
      return [{ streamId: unionStream(unionId), events: [admitted] }];
    }
    return [];
  });
}

type StoredMemberEvent = Exclude<MemberStreamEvent, { type: 'MemberJoined' }> | SealedMemberJoined;
type JoinMember = Extract<MemberCommand, { type: 'JoinMember' }>;
type FingerprintedJoin = Omit<JoinMember, 'personal'> & { personal: { fingerprint: string } };

function fingerprintOf(key: Buffer, personal: PersonalData): { fingerprint: string } {
  return { fingerprint: createHmac('sha256', key).update(JSON.stringify(personal)).digest('base64') };
}

/**
 * The member decider for a join: it is given the plain personal data (held here, not in the command the
 * command path hashes), and the `MemberJoined` it decides has that data replaced by ciphertext.
 * Folding does not read personal data, so the stored (sealed) events fold as the plain ones would.
 */
function sealingJoins(
  key: Buffer,
  personal: PersonalData,
): Decider<MemberState, FingerprintedJoin, StoredMemberEvent, MemberLookups> {
  return {
    initialState: memberDecider.initialState,
    evolve: (state, event) => memberDecider.evolve(state, event as MemberStreamEvent),
    decide: (command, state, context, lookups) =>
      memberDecider.decide({ ...command, personal }, state, context, lookups).map((event): StoredMemberEvent =>
        event.type === 'MemberJoined'
          ? {
              ...event,
              data: { ...event.data, personal: sealPersonalData(key, event.data.memberId, event.data.personal) },
            }
          : event,
      ),
  };
}
