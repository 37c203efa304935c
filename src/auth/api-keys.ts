import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `ulk_<id>_<secret>`: the id (12 hex digits) finds the stored record, the secret
 * (32 random bytes, base64url) is what proves possession. Only the SHA-256 of the whole key is stored;
 * a high-entropy key needs no slow password hash, and a stolen table yields no usable key.
 */
const KEY_FORMAT = /^ulk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  id: string;
  /** The key itself: shown once to whoever created it, never stored. */
  key: string;
  /** Hex SHA-256 of the key: the only thing stored. */
  keyHash: string;
}

export function generateApiKey(): IssuedApiKey {
  const id = randomBytes(6).toString('hex');
  const key = `ulk_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, keyHash: hashApiKey(key) };
}

/** The id of a well-formed key, or null: a malformed key is refused before any look-up. */
export function apiKeyId(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares in constant time, so response timing does not reveal how much of a key was right. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(key, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
