import { statSync } from 'node:fs';
import { StoreUnavailableError } from '../../core/event-store.port';

export interface SqliteFileSizes {
  /** Bytes of the database file (0 when it is gone). */
  file: number;
  /** Bytes of its write-ahead log beside it (0 when there is none). */
  wal: number;
}

/**
 * Notices the SQLite file being deleted or replaced under the running service. SQLite keeps writing to the
 * file it opened, so without this an append would be acknowledged into a file that no one will open again.
 * Compares the device and inode the path names now with those it named at open; a stat costs a few
 * microseconds, next to the milliseconds of a synced commit, so it is done around every append.
 */
export class SqliteFileWatch {
  private readonly device: number;
  private readonly inode: number;
  private lost: string | null = null;

  constructor(readonly path: string) {
    const opened = statSync(path);
    this.device = opened.dev;
    this.inode = opened.ino;
  }

  /** Why the file can no longer be trusted, or null while the path still names the file opened. */
  problem(): string | null {
    // Once lost, always lost: a file put back at the path is not the one written to meanwhile.
    if (this.lost) return this.lost;
    const now = statSync(this.path, { throwIfNoEntry: false });
    if (!now) this.lost = 'the SQLite file was deleted while the service had it open';
    else if (now.dev !== this.device || now.ino !== this.inode) {
      this.lost = 'the SQLite file was replaced by another file while the service had it open';
    }
    return this.lost;
  }

  /** Throws `StoreUnavailableError` when the file was deleted or replaced. */
  assertIntact(): void {
    const problem = this.problem();
    if (problem) throw new StoreUnavailableError(`${problem}; writes are refused until the service is restarted`);
  }

  sizes(): SqliteFileSizes {
    const sizeOf = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    return { file: sizeOf(this.path), wal: sizeOf(`${this.path}-wal`) };
  }
}

/**
 * Refuses the given write methods of a store kept in the SQLite file once that file is lost: checked before
 * the write, and again after it, so a write that raced the deletion is not acknowledged either. An append,
 * an API key issued or a member's personal-data key destroyed into a file no one opens again would be
 * undone by the next start. Replaces the instance's own methods, so the store keeps its identity.
 */
export function guardWritesOf<T extends object>(store: T, file: SqliteFileWatch, methods: readonly (keyof T)[]): T {
  for (const method of methods) {
    const original = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
    (store as Record<keyof T, unknown>)[method] = async (...args: unknown[]) => {
      file.assertIntact();
      const result = await original(...args);
      file.assertIntact();
      return result;
    };
  }
  return store;
}
