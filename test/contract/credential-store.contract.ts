import { type ApiKeyRecord, ApiKeyIdTaken, type CredentialStore } from '../../src/auth/credential-store.port';

const record = (id: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  name: `key ${id}`,
  roles: ['recorder', 'reader'],
  federationIds: ['ba-vi', 'dan-phuong'],
  keyHash: 'ab'.repeat(32),
  createdAt: '2026-06-30T03:00:00.000Z',
  createdBy: 'cli',
  revokedAt: null,
  ...overrides,
});

/** The one suite every credential store adapter passes. */
export function credentialStoreContract(adapter: string, makeStore: () => Promise<CredentialStore>): void {
  describe(`CredentialStore contract: ${adapter}`, () => {
    let store: CredentialStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('finds a key by id exactly as it was added', async () => {
      await store.addApiKey(record('0a1b2c3d4e5f'));
      expect(await store.findApiKey('0a1b2c3d4e5f')).toEqual(record('0a1b2c3d4e5f'));
    });

    it('answers null for an unknown id', async () => {
      expect(await store.findApiKey('ffffffffffff')).toBeNull();
    });

    it('refuses a second key with the same id', async () => {
      await store.addApiKey(record('0a1b2c3d4e5f'));
      await expect(store.addApiKey(record('0a1b2c3d4e5f', { name: 'other' }))).rejects.toBeInstanceOf(ApiKeyIdTaken);
      expect((await store.findApiKey('0a1b2c3d4e5f'))?.name).toBe('key 0a1b2c3d4e5f');
    });

    it('lists keys oldest first, revoked ones included', async () => {
      await store.addApiKey(record('bbbbbbbbbbbb', { createdAt: '2026-06-30T05:00:00.000Z' }));
      await store.addApiKey(
        record('aaaaaaaaaaaa', { createdAt: '2026-06-30T04:00:00.000Z', revokedAt: '2026-06-30T06:00:00.000Z' }),
      );
      expect((await store.listApiKeys()).map((k) => k.id)).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
    });

    it('revokes once, then says it was already revoked; an unknown id is not found', async () => {
      await store.addApiKey(record('0a1b2c3d4e5f'));
      expect(await store.revokeApiKey('0a1b2c3d4e5f', '2026-07-01T00:00:00.000Z')).toBe('revoked');
      expect(await store.revokeApiKey('0a1b2c3d4e5f', '2026-07-02T00:00:00.000Z')).toBe('already-revoked');
      expect((await store.findApiKey('0a1b2c3d4e5f'))?.revokedAt).toBe('2026-07-01T00:00:00.000Z');
      expect(await store.revokeApiKey('ffffffffffff', '2026-07-01T00:00:00.000Z')).toBe('not-found');
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      await store.addApiKey(record('0a1b2c3d4e5f'));
      const found = (await store.findApiKey('0a1b2c3d4e5f'))!;
      found.roles.push('admin');
      expect((await store.findApiKey('0a1b2c3d4e5f'))?.roles).toEqual(['recorder', 'reader']);
    });
  });
}
