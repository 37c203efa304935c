import type { PersonalDataKeys } from '../../src/privacy/personal-data-keys.port';

/** The one suite every personal-data key store passes. `makeKeys` returns a fresh, empty store. */
export function personalDataKeysContract(adapter: string, makeKeys: () => Promise<PersonalDataKeys>): void {
  describe(`PersonalDataKeys contract: ${adapter}`, () => {
    let keys: PersonalDataKeys;
    beforeEach(async () => {
      keys = await makeKeys();
    });

    it('creates a 256-bit key on first use and gives the same key afterwards', async () => {
      const key = await keys.keyFor('lan');
      expect(key).toHaveLength(32);
      expect((await keys.keyFor('lan')).equals(key)).toBe(true);
      expect((await keys.findKey('lan'))!.equals(key)).toBe(true);
    });

    it('gives each member a key of their own', async () => {
      expect((await keys.keyFor('lan')).equals(await keys.keyFor('hoa'))).toBe(false);
    });

    it('creates one key when first uses come at once', async () => {
      const racing = await Promise.all([keys.keyFor('lan'), keys.keyFor('lan'), keys.keyFor('lan')]);
      expect(racing.every((key) => key.equals(racing[0]))).toBe(true);
      expect((await keys.findKey('lan'))!.equals(racing[0])).toBe(true);
    });

    it('knows no key for a member never seen, and finding one does not create it', async () => {
      expect(await keys.findKey('nobody')).toBeUndefined();
      expect(await keys.destroyKey('nobody')).toBe(false);
      expect(await keys.findKey('nobody')).toBeUndefined();
    });

    it('destroys a key for good, leaving the other members’ keys', async () => {
      const hoa = await keys.keyFor('hoa');
      await keys.keyFor('lan');
      expect(await keys.destroyKey('lan')).toBe(true);
      expect(await keys.findKey('lan')).toBeUndefined();
      expect(await keys.destroyKey('lan')).toBe(false);
      expect((await keys.findKey('hoa'))!.equals(hoa)).toBe(true);
    });

    it('never brings a destroyed key back: a later first use creates a new, different key', async () => {
      // No tombstone is kept (as the SQLite store): what the destroyed key sealed stays unreadable.
      const destroyed = await keys.keyFor('lan');
      await keys.destroyKey('lan');
      const fresh = await keys.keyFor('lan');
      expect(fresh).toHaveLength(32);
      expect(fresh.equals(destroyed)).toBe(false);
      expect((await keys.findKey('lan'))!.equals(fresh)).toBe(true);
    });

    it('hands out copies: wiping a returned key changes nothing stored', async () => {
      const key = await keys.keyFor('lan');
      const copy = Buffer.from(key);
      key.fill(0);
      (await keys.findKey('lan'))!.fill(0);
      expect((await keys.keyFor('lan')).equals(copy)).toBe(true);
      expect((await keys.findKey('lan'))!.equals(copy)).toBe(true);
    });
  });
}
