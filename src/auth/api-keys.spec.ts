import { createHash } from 'node:crypto';
import { apiKeyId, apiKeyMatches, generateApiKey, hashApiKey } from './api-keys';

describe('API keys', () => {
  it('are random, carry their id, and are stored as their SHA-256 only', () => {
    const issued = Array.from({ length: 50 }, generateApiKey);
    expect(new Set(issued.map((k) => k.key)).size).toBe(50);
    expect(new Set(issued.map((k) => k.id)).size).toBe(50);
    for (const { id, key, keyHash } of issued) {
      expect(key).toMatch(/^ulk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(apiKeyId(key)).toBe(id);
      expect(keyHash).toBe(createHash('sha256').update(key).digest('hex'));
      expect(keyHash).not.toContain(key.slice(17));
    }
  });

  it('match only the key they were made from', () => {
    const { key, keyHash } = generateApiKey();
    expect(apiKeyMatches(key, keyHash)).toBe(true);
    expect(apiKeyMatches(`${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`, keyHash)).toBe(false);
    expect(apiKeyMatches(generateApiKey().key, keyHash)).toBe(false);
    expect(apiKeyMatches(key, hashApiKey('something else'))).toBe(false);
    // A stored hash of the wrong length never matches (and never throws in timingSafeEqual).
    expect(apiKeyMatches(key, 'abcd')).toBe(false);
  });

  it('refuse a malformed key before any look-up', () => {
    for (const bad of [
      '',
      'ulk_',
      'ulk_0a1b2c3d4e5f',
      'ulk_0A1B2C3D4E5F_' + 'x'.repeat(43),
      'Bearer x',
      'ulk_0a1b2c3d4e5f_' + 'x'.repeat(44),
    ]) {
      expect(apiKeyId(bad)).toBeNull();
    }
  });
});
