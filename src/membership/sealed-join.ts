import { createHmac } from 'node:crypto';
import type { Decider } from '../core/decider';
import { sealPersonalData } from '../privacy/personal-data-cipher';
import type { PersonalDataKeys } from '../privacy/personal-data-keys.port';
import { type MemberCommand, memberDecider, type MemberLookups, type MemberState } from './member';
import type { MemberStreamEvent, PersonalData, SealedMemberJoined } from './membership.events';

type StoredMemberEvent = Exclude<MemberStreamEvent, { type: 'MemberJoined' }> | SealedMemberJoined;
type JoinMember = Extract<MemberCommand, { type: 'JoinMember' }>;
type FingerprintedJoin = Omit<JoinMember, 'personal'> & { personal: { fingerprint: string } };

/**
 * A join, sealed at the edge before the append: the hash chain covers the ciphertext, never the name.
 * A refused join may leave an unused key behind; it encrypts nothing, so it reveals nothing. The command path
 * hashes the command for idempotency into the event metadata: it sees only a keyed fingerprint of the
 * personal data, which cannot be guessed back once the key is destroyed.
 */
export async function sealedJoin(command: JoinMember, keys: PersonalDataKeys) {
  const key = await keys.keyFor(command.memberId);
  const { personal, ...join } = command;
  const fingerprinted: FingerprintedJoin = { ...join, personal: fingerprintOf(key, personal) };
  return { command: fingerprinted, decider: sealingJoins(key, personal) };
}

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
