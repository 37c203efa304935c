import type { Role } from './principal';

/** An API key as stored: everything but the key itself, of which only a hash is kept. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  roles: Role[];
  federationIds: string[];
  /** Hex SHA-256 of the key. */
  keyHash: string;
  createdAt: string;
  /** Who created it: a principal id, or `cli` for the operator's command line. */
  createdBy: string;
  revokedAt: string | null;
}

/** Two keys cannot share an id (ids are random: a clash means a retry with a new key). */
export class ApiKeyIdTaken extends Error {
  constructor(readonly id: string) {
    super(`API key id '${id}' is taken`);
    this.name = 'ApiKeyIdTaken';
  }
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

/** Where credentials live. One contract suite (test/contract/credential-store.contract.ts) for every adapter. */
export interface CredentialStore {
  /** Throws ApiKeyIdTaken when the id is taken. */
  addApiKey(record: ApiKeyRecord): Promise<void>;
  findApiKey(id: string): Promise<ApiKeyRecord | null>;
  /** Oldest first, revoked ones included. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, at: string): Promise<RevokeOutcome>;
}

export const CREDENTIAL_STORE = Symbol('CredentialStore');
