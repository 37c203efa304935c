import { randomUUID } from 'node:crypto';
import { appendBytes } from '../../src/core/append-size';
import {
  AppendTooLargeError,
  type EventStore,
  type EventToAppend,
  type StreamAppend,
} from '../../src/core/event-store.port';
import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';
import { KurrentDbEventStore } from '../../src/infrastructure/kurrentdb/kurrentdb-event-store';
import { hashChained } from '../../src/integrity/hash-chained-event-store';
import { type CopyCheckpoint, copyEventLog } from '../../src/migration/copy-event-log';
import { SimulatedKurrentClient } from '../support/simulated-kurrent-client';

/**
 * Issue #17, fault 3: KurrentDB refuses an append request larger than its `MaxAppendSize` (1 MiB by default)
 * with `MaxAppendSizeExceededError`. The migration must cut its appends below the limit without splitting a
 * command's events, a command too large on its own is refused with the port's `AppendTooLargeError` (nothing
 * written), and the server's refusal is mapped to the same error. The simulated server refuses as the real one.
 */
const LIMIT = 64 * 1024;

function eventOf(correlationId: string, recordedAt: string, note = 'x'.repeat(400)): EventToAppend {
  return {
    id: randomUUID(),
    type: 'EntryRecorded',
    data: { occurredOn: '2024-01-15', amount: 1000, note },
    metadata: { occurredOn: '2024-01-15', recordedAt, actor: 'clerk', correlationId, causationId: null },
  };
}

/** A command's events, recorded together (one correlation id, one instant). */
function command(events: number, second: number, note?: string): EventToAppend[] {
  const correlationId = randomUUID();
  const recordedAt = new Date(Date.UTC(2024, 0, 16, 2, 0, second)).toISOString();
  return Array.from({ length: events }, () => eventOf(correlationId, recordedAt, note));
}

function memoryCheckpoint(): CopyCheckpoint {
  let saved = 0;
  return { load: async () => saved, save: async (position) => void (saved = position) };
}

/** The KurrentDB adapter on a simulated server with a small MaxAppendSize, recording each append it is given. */
function kurrentTarget(options: { adapterLimit?: number } = {}) {
  const simulated = new SimulatedKurrentClient({ maxAppendBytes: LIMIT });
  const store = new KurrentDbEventStore(simulated.client, { maxAppendBytes: options.adapterLimit ?? LIMIT });
  const appends: StreamAppend[][] = [];
  const appendToStreams = store.appendToStreams.bind(store);
  store.appendToStreams = (request) => {
    appends.push(request);
    return appendToStreams(request);
  };
  return { simulated, store, appends };
}

describe('appends over KurrentDB MaxAppendSize (simulated server)', () => {
  describe('the migration', () => {
    let source: EventStore;
    const commands: EventToAppend[][] = [];

    beforeEach(async () => {
      source = hashChained(new InMemoryEventStore());
      commands.length = 0;
      // One long stream, as a fund book grows: single-event commands with a three-event one every tenth.
      for (let i = 0; i < 300; i++) commands.push(command(i % 10 === 0 ? 3 : 1, i));
      for (const events of commands) await source.append('fund-book', events, 'any');
    });

    it('cuts its appends below the limit, never inside a command, and copies the whole log', async () => {
      const total = appendBytes(commands.flat(), 'fund-book');
      expect(total).toBeGreaterThan(2 * LIMIT);
      const target = kurrentTarget();

      const result = await copyEventLog({
        source,
        target: target.store,
        checkpoint: memoryCheckpoint(),
        maxAppendBytes: LIMIT,
      });

      expect(result.verification?.same).toBe(true);
      expect(result.copied).toBe(commands.flat().length);
      expect(target.appends.length).toBeGreaterThan(2);
      for (const request of target.appends) {
        const [{ streamId, events }] = request;
        expect(appendBytes(events, streamId)).toBeLessThanOrEqual(LIMIT);
      }
      const appendOf = new Map<string, number>();
      target.appends.forEach((request, i) => request[0].events.forEach((e) => appendOf.set(e.id, i)));
      for (const events of commands) expect(new Set(events.map((e) => appendOf.get(e.id))).size).toBe(1);
    });

    it('refuses a command larger than the limit on its own, writing none of it', async () => {
      const huge = command(3, 999, 'y'.repeat(LIMIT / 2));
      await source.append('fund-book', huge, 'any');
      const target = kurrentTarget();

      const copying = copyEventLog({
        source,
        target: target.store,
        checkpoint: memoryCheckpoint(),
        maxAppendBytes: LIMIT,
      });

      await expect(copying).rejects.toBeInstanceOf(AppendTooLargeError);
      await expect(copying).rejects.toThrow(/fund-book/);
      const copied = await target.store.readStream('fund-book');
      expect(copied).toHaveLength(commands.flat().length);
      expect(copied.map((e) => e.id)).not.toContain(huge[0].id);
    });
  });

  describe('the adapter', () => {
    it('refuses one command over the limit with AppendTooLargeError before sending it', async () => {
      const { simulated, store } = kurrentTarget();
      const before = simulated.records.length;

      const appending = store.append('fund-book', command(2, 1, 'z'.repeat(LIMIT)), 'no_stream');

      await expect(appending).rejects.toBeInstanceOf(AppendTooLargeError);
      await expect(appending).rejects.toMatchObject({ streamIds: ['fund-book'], maxBytes: LIMIT });
      expect(simulated.records).toHaveLength(before);
    });

    it("maps the server's MaxAppendSizeExceededError to AppendTooLargeError when the server's limit is lower", async () => {
      // The service configured with a larger limit than the server's: the server refuses.
      const { simulated, store } = kurrentTarget({ adapterLimit: 4 * LIMIT });
      const before = simulated.records.length;

      const appending = store.append('fund-book', command(1, 1, 'z'.repeat(2 * LIMIT)), 'no_stream');

      await expect(appending).rejects.toBeInstanceOf(AppendTooLargeError);
      await expect(appending).rejects.toMatchObject({ streamIds: ['fund-book'], maxBytes: LIMIT });
      expect(simulated.records).toHaveLength(before);
    });
  });
});
