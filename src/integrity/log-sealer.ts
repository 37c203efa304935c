import { randomUUID } from 'node:crypto';
import { businessDateOf } from '../core/business-date';
import { type EventStore, type StoredEvent, WrongExpectedRevisionError } from '../core/event-store.port';
import { chainOf, eventHash, fingerprintOf, GENESIS_HASH, sha256Hex } from './event-hash';
import { LOG_SEALED, type LogSealed, SEAL_STREAM } from './integrity.events';
import { merkleRoot } from './merkle';

/** A seal covers at most this many events, so its fingerprints stay small (8 hex digits each). */
export const MAX_EVENTS_PER_SEAL = 10_000;

/** Who the periodic seals are recorded by. */
export const SEALER_ACTOR = 'system:integrity-sealer';

/** When the service seals on its own; 0 turns a trigger off. */
export interface SealSchedule {
  /** Seal once this many events wait unsealed. */
  everyEvents: number;
  /** Seal what waits once this many seconds have passed since the last seal (by the service's clock). */
  everySeconds: number;
}

export interface SealSummary {
  /** Global position of the `LogSealed` event. */
  position: number;
  /** Its hash: what a digest or an inspector's notes refer to. */
  hash: string;
  fromPosition: number;
  toPosition: number;
  count: number;
  merkleRoot: string;
  sealedAt: string;
}

type SealData = LogSealed['data'];

/**
 * Appends `LogSealed` events: each seals the events recorded since the previous seal (at most
 * `MAX_EVENTS_PER_SEAL` each; more waiting makes several seals). Give it the hash-chained store, so the
 * seals are chained like any stream. Two sealers (the service and a CLI on the same file) cannot both seal
 * the same range: the seal stream is appended at an exact revision, and a seal's id follows from what it
 * seals, so a racing duplicate collapses into the first.
 */
export class LogSealer {
  private latest: StoredEvent | null | undefined;
  private readonly startedAt: number;
  /** The head when events were last counted and found too few: no need to count again until it moves. */
  private countedAtHead = -1;

  constructor(
    private readonly store: EventStore,
    private readonly now: () => Date,
    private readonly maxEventsPerSeal = MAX_EVENTS_PER_SEAL,
  ) {
    this.startedAt = now().getTime();
  }

  /** The last seal recorded (by anyone), or null when the log was never sealed. */
  async latestSeal(): Promise<StoredEvent | null> {
    const newer =
      this.latest === undefined || this.latest === null
        ? await this.store.readStream(SEAL_STREAM)
        : await this.store.readStream(SEAL_STREAM, this.latest.revision + 1);
    if (newer.length > 0) this.latest = newer[newer.length - 1];
    return (this.latest ??= null);
  }

  /** Seals everything recorded since the last seal; no seal when only seals were recorded since. */
  async seal(actor = SEALER_ACTOR): Promise<SealSummary[]> {
    const made: SealSummary[] = [];
    for (let conflicts = 0; ;) {
      const previous = await this.latestSeal();
      const fromPosition = previous ? (previous.data as SealData).toPosition : 0;
      const events: StoredEvent[] = [];
      for await (const event of this.store.readAll({ after: fromPosition, limit: this.maxEventsPerSeal })) {
        events.push(event);
      }
      if (!events.some((event) => event.streamId !== SEAL_STREAM)) return made;

      const hashes = events.map(leafHashOf);
      const previousSealHash = previous ? leafHashOf(previous) : GENESIS_HASH;
      const recordedAt = this.now();
      const data: SealData = {
        occurredOn: businessDateOf(recordedAt),
        fromPosition,
        toPosition: events[events.length - 1].position,
        count: events.length,
        merkleRoot: merkleRoot(hashes),
        leafFingerprints: hashes.map(fingerprintOf).join(''),
        previousSealHash,
      };
      try {
        const result = await this.store.append(
          SEAL_STREAM,
          [
            {
              id: sealIdOf(data),
              type: LOG_SEALED,
              data,
              metadata: {
                occurredOn: data.occurredOn,
                recordedAt: recordedAt.toISOString(),
                actor,
                correlationId: randomUUID(),
                // Recorded in reaction to the log: caused by the last event it seals.
                causationId: events[events.length - 1].id,
              },
            },
          ],
          previous ? previous.revision : 'no_stream',
        );
        const [sealed] = await this.store.readStream(SEAL_STREAM, result.lastRevision);
        this.latest = sealed;
        made.push(summaryOf(sealed));
      } catch (error) {
        // Another sealer sealed first: carry on from its seal.
        if (error instanceof WrongExpectedRevisionError && ++conflicts < 5) continue;
        throw error;
      }
    }
  }

  /** Seals when the schedule says so: enough events waiting, or enough time since the last seal. */
  async sealIfDue(schedule: SealSchedule): Promise<SealSummary[]> {
    if (schedule.everyEvents <= 0 && schedule.everySeconds <= 0) return [];
    const previous = await this.latestSeal();
    const fromPosition = previous ? (previous.data as SealData).toPosition : 0;
    const lastSealAt = previous ? Date.parse(previous.metadata.recordedAt) : this.startedAt;
    const timeIsDue = schedule.everySeconds > 0 && this.now().getTime() - lastSealAt >= schedule.everySeconds * 1000;
    if (!timeIsDue && schedule.everyEvents <= 0) return [];
    const head = await this.store.headPosition();
    if (!timeIsDue && head === this.countedAtHead) return [];

    const wanted = timeIsDue ? 1 : schedule.everyEvents;
    let waiting = 0;
    for await (const event of this.store.readAll({ after: fromPosition, limit: wanted + 1 })) {
      if (event.streamId !== SEAL_STREAM) waiting += 1;
      if (waiting >= wanted) return this.seal();
    }
    this.countedAtHead = head;
    return [];
  }
}

/** The hash a seal or digest uses for an event: the one it carries, or its recomputed one if it carries none. */
export function leafHashOf(event: StoredEvent): string {
  return chainOf(event)?.hash ?? eventHash(event);
}

export function summaryOf(seal: StoredEvent): SealSummary {
  const data = seal.data as SealData;
  return {
    position: seal.position,
    hash: leafHashOf(seal),
    fromPosition: data.fromPosition,
    toPosition: data.toPosition,
    count: data.count,
    merkleRoot: data.merkleRoot,
    sealedAt: seal.metadata.recordedAt,
  };
}

/** A UUID-shaped id that follows from what is sealed. */
function sealIdOf(data: SealData): string {
  const hex = sha256Hex(`${data.previousSealHash}:${data.fromPosition}:${data.toPosition}:${data.merkleRoot}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
