import type { Collection, Db } from 'mongodb';
import {
  type ApiKeyRecord,
  ApiKeyIdTaken,
  type CredentialStore,
  type RevokeOutcome,
} from '../../auth/credential-store.port';
import { isDuplicateKey } from './mongo-errors';

/** An API key as stored: the record, keyed by its id. Only the key's hash is kept, never the key. */
interface ApiKeyDocument extends Omit<ApiKeyRecord, 'id'> {
  _id: string;
}

/** API keys shared by every API instance. The `_id` index makes ids unique; there are few keys, no other index. */
export class MongoCredentialStore implements CredentialStore {
  private readonly keys: Collection<ApiKeyDocument>;

  constructor(db: Db) {
    this.keys = db.collection<ApiKeyDocument>('credential_api_keys');
  }

  async addApiKey(record: ApiKeyRecord): Promise<void> {
    const { id, ...fields } = record;
    try {
      await this.keys.insertOne({ _id: id, ...fields, revokedAt: fields.revokedAt ?? null });
    } catch (error) {
      if (isDuplicateKey(error)) throw new ApiKeyIdTaken(id);
      throw error;
    }
  }

  async findApiKey(id: string): Promise<ApiKeyRecord | null> {
    const document = await this.keys.findOne({ _id: id });
    return document ? recordOf(document) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.keys.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(recordOf);
  }

  async revokeApiKey(id: string, at: string): Promise<RevokeOutcome> {
    // Conditional on not yet revoked: of two concurrent revocations, one wins and the other is told so.
    const result = await this.keys.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
    if (result.modifiedCount === 1) return 'revoked';
    return (await this.keys.countDocuments({ _id: id }, { limit: 1 })) > 0 ? 'already-revoked' : 'not-found';
  }
}

/** Field by field, so nothing MongoDB adds (or a later field) leaks into the record. */
function recordOf(document: ApiKeyDocument): ApiKeyRecord {
  return {
    id: document._id,
    name: document.name,
    roles: [...document.roles],
    federationIds: [...document.federationIds],
    keyHash: document.keyHash,
    createdAt: document.createdAt,
    createdBy: document.createdBy,
    revokedAt: document.revokedAt ?? null,
  };
}
