import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PersonalData, SealedPersonalData } from '../membership/membership.events';

/** What readers see once the member's key is destroyed (Decree 13/2023: the member was forgotten). */
export interface RedactedPersonalData {
  redacted: true;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

/** The key id names the member: the ciphertext is bound to it, so it cannot be moved to another member. */
export const personalDataKeyId = (memberId: string) => `member-${memberId}`;

export function sealPersonalData(key: Buffer, memberId: string, personal: PersonalData): SealedPersonalData {
  const keyId = personalDataKeyId(memberId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(personal), 'utf8'), cipher.final()]);
  return {
    encrypted: {
      keyId,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    },
  };
}

/** Throws when the key is not the one it was sealed with or the ciphertext was altered (GCM tag). */
export function openPersonalData(key: Buffer, sealed: SealedPersonalData): PersonalData {
  const { keyId, iv, ciphertext, tag } = sealed.encrypted;
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(keyId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as PersonalData;
}

export function isSealedPersonalData(value: unknown): value is SealedPersonalData {
  const encrypted = (value as SealedPersonalData | undefined)?.encrypted;
  return typeof encrypted === 'object' && encrypted !== null && typeof encrypted.ciphertext === 'string';
}
