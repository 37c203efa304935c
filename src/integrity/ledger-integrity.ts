import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EventStore, StoredEvent } from '../core/event-store.port';
import { storedFormOf } from '../core/upcasting-event-store';
import { exportDigest, type LogDigest } from './log-digest';
import { exportLog } from './log-export';
import { LogSealer, type SealSchedule, type SealSummary } from './log-sealer';
import { type VerificationReport, verifyLog } from './verify-log';

/** Events verified between two turns of the event loop, so a long verification leaves the service answering. */
const YIELD_EVERY = 2000;

export const LEDGER_INTEGRITY = Symbol('LedgerIntegrity');

/** Tamper evidence over one store: what the HTTP routes, the scheduler and the CLI call. */
export class LedgerIntegrity {
  readonly sealer: LogSealer;
  /** Hashes, seals and the export are over the events as stored, never as upcast to the current shapes. */
  private readonly store: EventStore;

  constructor(
    store: EventStore,
    private readonly now: () => Date,
    readonly densePositions: boolean,
    readonly schedule: SealSchedule,
  ) {
    this.store = storedFormOf(store);
    this.sealer = new LogSealer(this.store, now);
  }

  /** Walks the whole log; with a digest, also checks that the log up to it is unchanged. */
  verify(digest?: LogDigest): Promise<VerificationReport> {
    return verifyLog(politely(this.store.readAll({ batchSize: 5000 })), {
      densePositions: this.densePositions,
      digest,
    });
  }

  digest(): Promise<LogDigest> {
    return exportDigest(this.store, this.now);
  }

  seal(actor?: string): Promise<SealSummary[]> {
    return this.sealer.seal(actor);
  }

  sealIfDue(): Promise<SealSummary[]> {
    return this.sealer.sealIfDue(this.schedule);
  }

  /** The export file's lines: the whole log, or one federation's part. */
  export(federationId?: string): AsyncGenerator<string> {
    return exportLog(this.store, { federationId, densePositions: this.densePositions, now: this.now });
  }
}

async function* politely(events: AsyncIterable<StoredEvent>): AsyncGenerator<StoredEvent> {
  let count = 0;
  for await (const event of events) {
    yield event;
    if (++count % YIELD_EVERY === 0) await yieldToEventLoop();
  }
}
