import { randomBytes } from 'node:crypto';
import { PERSONAL_DATA_KEY_BYTES, type PersonalDataKeys } from '../../privacy/personal-data-keys.port';

/** For tests and tools that need no file. Keys are copied out, as a database would. */
export class InMemoryPersonalDataKeys implements PersonalDataKeys {
  private readonly keys = new Map<string, Buffer>();

  async keyFor(memberId: string): Promise<Buffer> {
    if (!this.keys.has(memberId)) this.keys.set(memberId, randomBytes(PERSONAL_DATA_KEY_BYTES));
    return Buffer.from(this.keys.get(memberId)!);
  }

  async findKey(memberId: string): Promise<Buffer | undefined> {
    const key = this.keys.get(memberId);
    return key ? Buffer.from(key) : undefined;
  }

  async destroyKey(memberId: string): Promise<boolean> {
    const key = this.keys.get(memberId);
    key?.fill(0);
    return this.keys.delete(memberId);
  }
}
