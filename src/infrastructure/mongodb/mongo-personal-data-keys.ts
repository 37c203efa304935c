import { randomBytes } from 'node:crypto';
import { Binary, type Collection, type Db } from 'mongodb';
import { PERSONAL_DATA_KEY_BYTES, type PersonalDataKeys } from '../../privacy/personal-data-keys.port';
import { isDuplicateKey } from './mongo-errors';

interface KeyDocument {
  /** The member id. */
  _id: string;
  key: Binary;
}

/**
 * Members' personal-data keys, shared by every API instance. As the SQLite store: a key is created on first
 * use, and destroying it deletes it — no tombstone, so a later `keyFor` creates a new, different key.
 *
 * Forgetting is only as good as the deployment: MongoDB does not overwrite a deleted document's bytes
 * (WiredTiger reuses the space later), and the key's insert stays in the oplog until it rolls over and in
 * backups until they expire. Size the oplog and the backup retention to the promised forgetting delay.
 */
export class MongoPersonalDataKeys implements PersonalDataKeys {
  private readonly keys: Collection<KeyDocument>;

  constructor(db: Db) {
    this.keys = db.collection<KeyDocument>('personal_data_keys');
  }

  async keyFor(memberId: string): Promise<Buffer> {
    const fresh = new Binary(randomBytes(PERSONAL_DATA_KEY_BYTES));
    // An upsert that only sets the key on insert: of two instances racing, both read the one key stored.
    const upsert = () =>
      this.keys.findOneAndUpdate(
        { _id: memberId },
        { $setOnInsert: { key: fresh } },
        { upsert: true, returnDocument: 'after' },
      );
    let stored: KeyDocument | null;
    try {
      stored = await upsert();
    } catch (error) {
      // Two upserts inserting at once: the loser may get a duplicate key error (the server retries most of
      // these itself); the winner's key is there now.
      if (!isDuplicateKey(error)) throw error;
      stored = await upsert();
    }
    if (!stored) throw new Error(`no personal-data key could be stored for member '${memberId}'`);
    return bufferOf(stored.key);
  }

  async findKey(memberId: string): Promise<Buffer | undefined> {
    const stored = await this.keys.findOne({ _id: memberId });
    return stored ? bufferOf(stored.key) : undefined;
  }

  async destroyKey(memberId: string): Promise<boolean> {
    return (await this.keys.deleteOne({ _id: memberId })).deletedCount > 0;
  }
}

/** A copy of the key's bytes: the caller may wipe or change its Buffer without touching anything else. */
function bufferOf(key: Binary): Buffer {
  return Buffer.from(key.value());
}
