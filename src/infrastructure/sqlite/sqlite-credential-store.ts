import type Database from 'better-sqlite3';
import {
  type ApiKeyRecord,
  ApiKeyIdTaken,
  type CredentialStore,
  type RevokeOutcome,
} from '../../auth/credential-store.port';
import type { Role } from '../../auth/principal';

/** API keys beside the events, in the same file: one backup holds both. Only the key's hash is stored. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS credential_api_keys (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    roles          TEXT NOT NULL,
    federation_ids TEXT NOT NULL,
    key_hash       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    revoked_at     TEXT
  );
`;

interface ApiKeyRow {
  id: string;
  name: string;
  roles: string;
  federation_ids: string;
  key_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

export class SqliteCredentialStore implements CredentialStore {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement<[string], ApiKeyRow>;
  private readonly all: Database.Statement<[], ApiKeyRow>;
  private readonly revoke: Database.Statement;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.insert = db.prepare(
      `INSERT INTO credential_api_keys (id, name, roles, federation_ids, key_hash, created_at, created_by, revoked_at)
       VALUES (@id, @name, @roles, @federation_ids, @key_hash, @created_at, @created_by, @revoked_at)`,
    );
    this.byId = db.prepare('SELECT * FROM credential_api_keys WHERE id = ?');
    this.all = db.prepare('SELECT * FROM credential_api_keys ORDER BY created_at, id');
    this.revoke = db.prepare('UPDATE credential_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  }

  async addApiKey(record: ApiKeyRecord): Promise<void> {
    if (this.byId.get(record.id)) throw new ApiKeyIdTaken(record.id);
    this.insert.run({
      id: record.id,
      name: record.name,
      roles: JSON.stringify(record.roles),
      federation_ids: JSON.stringify(record.federationIds),
      key_hash: record.keyHash,
      created_at: record.createdAt,
      created_by: record.createdBy,
      revoked_at: record.revokedAt,
    });
  }

  async findApiKey(id: string): Promise<ApiKeyRecord | null> {
    const row = this.byId.get(id);
    return row ? recordOf(row) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.all.all().map(recordOf);
  }

  async revokeApiKey(id: string, at: string): Promise<RevokeOutcome> {
    if (this.revoke.run(at, id).changes === 1) return 'revoked';
    return this.byId.get(id) ? 'already-revoked' : 'not-found';
  }
}

function recordOf(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    federationIds: JSON.parse(row.federation_ids) as string[],
    keyHash: row.key_hash,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  };
}
