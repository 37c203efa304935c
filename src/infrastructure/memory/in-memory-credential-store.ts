import {
  type ApiKeyRecord,
  ApiKeyIdTaken,
  type CredentialStore,
  type RevokeOutcome,
} from '../../auth/credential-store.port';

/** For tests and tools that need no file. Records are copied in and out, as a database would. */
export class InMemoryCredentialStore implements CredentialStore {
  private readonly keys = new Map<string, ApiKeyRecord>();

  async addApiKey(record: ApiKeyRecord): Promise<void> {
    if (this.keys.has(record.id)) throw new ApiKeyIdTaken(record.id);
    this.keys.set(record.id, structuredClone(record));
  }

  async findApiKey(id: string): Promise<ApiKeyRecord | null> {
    const record = this.keys.get(id);
    return record ? structuredClone(record) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return [...this.keys.values()]
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
      .map((record) => structuredClone(record));
  }

  async revokeApiKey(id: string, at: string): Promise<RevokeOutcome> {
    const record = this.keys.get(id);
    if (!record) return 'not-found';
    if (record.revokedAt !== null) return 'already-revoked';
    record.revokedAt = at;
    return 'revoked';
  }
}
