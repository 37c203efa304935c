import type { PersonalData } from '../membership/membership.events';
import { isSealedPersonalData, openPersonalData, type RedactedPersonalData } from './personal-data-cipher';
import type { PersonalDataKeys } from './personal-data-keys.port';

const REDACTED: RedactedPersonalData = { redacted: true };

/**
 * The one way personal data is read back: decrypted while the member's key exists, redacted once it was
 * destroyed (or if the ciphertext does not open). Every event's `data` passes through here before it is shown,
 * so no reader can forget to redact.
 */
export async function revealPersonalData(
  keys: PersonalDataKeys,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const personal = data.personal;
  if (!isSealedPersonalData(personal) || typeof data.memberId !== 'string') return data;
  const key = await keys.findKey(data.memberId);
  let revealed: PersonalData | RedactedPersonalData = REDACTED;
  if (key) {
    try {
      revealed = openPersonalData(key, personal);
    } catch {
      // A key that does not open the data is as good as none: show nothing rather than fail the whole history.
      revealed = REDACTED;
    }
  }
  return { ...data, personal: revealed };
}
