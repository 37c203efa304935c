import type { EventStore, StoredEvent } from '../core/event-store.port';
import { LOG_SEALED, type LogSealed, SEAL_STREAM } from './integrity.events';
import { DigestBuilder, type LogDigest } from './log-digest';
import { leafHashOf, type SealSummary, summaryOf } from './log-sealer';
import { MerkleTree } from './merkle';
import type { VerifiableEvent } from './verify-log';

export const EXPORT_FORMAT = 'union-ledger-export/1';

/**
 * What an inspector takes away: newline-delimited JSON, one object per line, each with a `kind`:
 *
 *   header       format, when, what it holds (the whole log, or one federation's part), head position
 *   event …      every event as stored (id, streamId, revision, position, type, data, metadata with its
 *                `hash` and `previousHash`), oldest first; in a federation's part, `inclusion` proves that
 *                the event is the leaf a seal recorded (seal position, leaf index, audit path)
 *   latest-seal  the last seal when exported
 *   digest       the digest of the whole log when exported (keep it, to check a later export against)
 *   end          how many event lines came before it: a file cut short has no end line
 */
export type ExportLine = ExportHeader | EventLine | LatestSealLine | DigestLine | EndLine;

export interface ExportHeader {
  kind: 'header';
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  /** The last position exported: later appends are not in the file. */
  head: number;
  scope: { kind: 'log' } | { kind: 'federation'; federationId: string; streams: number };
  /** Positions are 1, 2, 3… in the store exported from, so a gap in a whole-log export is a deleted event. */
  densePositions: boolean;
  hashing: string;
}

export type EventLine = VerifiableEvent & { kind: 'event' };
export type LatestSealLine = SealSummary & { kind: 'latest-seal' };
export interface DigestLine {
  kind: 'digest';
  digest: LogDigest;
}
export interface EndLine {
  kind: 'end';
  events: number;
}

export interface ExportOptions {
  /** One federation's part instead of the whole log. */
  federationId?: string;
  densePositions: boolean;
  now: () => Date;
}

const HASHING =
  'hash = SHA-256 of canonical JSON (keys sorted, no whitespace) of {id, streamId, revision, type, data, metadata without hash}; ' +
  'previousHash = hash of the previous event of the stream (64 zeros for revision 0); ' +
  'seals: Merkle root (RFC 6962: leaf SHA-256(0x00‖hash), node SHA-256(0x01‖left‖right)) over the hashes of positions fromPosition+1…toPosition';

/**
 * The export as lines (without their newline), read from the store up to its head when it starts.
 * One federation's part is its streams, whole, so each stream's chain verifies from revision 0 (see
 * `federationStreamsOf`), plus the seal stream; the store is read twice (once to find the streams).
 */
export async function* exportLog(store: EventStore, options: ExportOptions): AsyncGenerator<string> {
  const head = await store.headPosition();
  const upToHead = async function* () {
    for await (const event of store.readAll({ batchSize: 5000 })) {
      if (event.position > head) return;
      yield event;
    }
  };
  const streams = options.federationId ? await federationStreamsOf(upToHead(), options.federationId) : null;
  const header: ExportHeader = {
    kind: 'header',
    format: EXPORT_FORMAT,
    exportedAt: options.now().toISOString(),
    head,
    scope: options.federationId
      ? { kind: 'federation', federationId: options.federationId, streams: streams!.size }
      : { kind: 'log' },
    densePositions: options.densePositions && !streams,
    hashing: HASHING,
  };
  yield JSON.stringify(header);

  const digest = new DigestBuilder();
  let latestSeal: StoredEvent | null = null;
  let exported = 0;
  const lineOf = (event: VerifiableEvent) => {
    exported += 1;
    return JSON.stringify({ kind: 'event', ...event } satisfies EventLine);
  };
  const proofs = streams ? new SealProofs(await store.readStream(SEAL_STREAM), head) : null;

  for await (const event of upToHead()) {
    digest.add(event);
    if (event.streamId === SEAL_STREAM && event.type === LOG_SEALED) latestSeal = event;
    if (!streams || !proofs) {
      yield lineOf(event);
      continue;
    }
    for (const proven of proofs.take(event, streams.has(event.streamId))) yield lineOf(proven);
  }
  if (proofs) for (const proven of proofs.finish()) yield lineOf(proven);

  if (latestSeal) yield JSON.stringify({ kind: 'latest-seal', ...summaryOf(latestSeal) } satisfies LatestSealLine);
  yield JSON.stringify({ kind: 'digest', digest: digest.digest(options.now()) } satisfies DigestLine);
  yield JSON.stringify({ kind: 'end', events: exported } satisfies EndLine);
}

/** Event fields that name a federation: an event naming the one exported puts its whole stream in the export. */
const FEDERATION_FIELDS = [
  'federationId',
  'fromFederationId',
  'toFederationId',
  'intoFederationId',
  'leaderFederationId',
  'deputyFederationId',
] as const;

/**
 * One federation's part of the log: its own stream (`federation-<id>`) and fund book (`fundbook-<id>`), and
 * every stream with an event whose data names it (`federationId`, a transfer's from/to, a merger's target, a
 * cluster's leader, deputy or `federationIds`): its unions, its members (also those who transferred in or
 * out), its awards, initiatives, democracy records and clusters, each stream whole. Not the federations
 * below it: export each of them on its own.
 */
export async function federationStreamsOf(
  events: AsyncIterable<StoredEvent>,
  federationId: string,
): Promise<Set<string>> {
  const streams = new Set([`federation-${federationId}`, `fundbook-${federationId}`, SEAL_STREAM]);
  for await (const event of events) {
    if (!streams.has(event.streamId) && namesFederation(event.data, federationId)) streams.add(event.streamId);
  }
  return streams;
}

function namesFederation(data: Record<string, unknown>, federationId: string): boolean {
  if (FEDERATION_FIELDS.some((field) => data[field] === federationId)) return true;
  return Array.isArray(data.federationIds) && data.federationIds.includes(federationId);
}

type SealData = LogSealed['data'];

/**
 * Inclusion proofs for the events of a slice: collects the hashes of every event in each sealed range (the
 * seal's leaves), holds back the slice's events of the range, and gives them out with their audit paths once
 * the range is complete. At most one range (`MAX_EVENTS_PER_SEAL` hashes) is held at a time.
 */
class SealProofs {
  private readonly seals: { position: number; from: number; to: number }[];
  private current = 0;
  private leaves: string[] = [];
  private held: { event: StoredEvent; index: number }[] = [];

  constructor(sealEvents: StoredEvent[], head: number) {
    this.seals = sealEvents
      .filter((seal) => seal.position <= head && seal.type === LOG_SEALED)
      .map((seal) => ({
        position: seal.position,
        from: (seal.data as SealData).fromPosition,
        to: (seal.data as SealData).toPosition,
      }));
  }

  /** The events ready to be written, in order, once this one has been seen. */
  take(event: StoredEvent, inSlice: boolean): VerifiableEvent[] {
    const ready: VerifiableEvent[] = [];
    while (this.current < this.seals.length && this.seals[this.current].to < event.position) {
      ready.push(...this.closeRange());
    }
    const range = this.seals[this.current];
    if (range && event.position > range.from) {
      this.leaves.push(leafHashOf(event));
      if (inSlice) this.held.push({ event, index: this.leaves.length - 1 });
    } else if (inSlice) {
      ready.push(event);
    }
    return ready;
  }

  finish(): VerifiableEvent[] {
    return this.current < this.seals.length ? this.closeRange() : [];
  }

  private closeRange(): VerifiableEvent[] {
    const seal = this.seals[this.current];
    const tree = new MerkleTree(this.leaves);
    const proven = this.held.map(({ event, index }) => ({
      ...event,
      inclusion: { sealPosition: seal.position, index, path: tree.inclusionPath(index) },
    }));
    this.current += 1;
    this.leaves = [];
    this.held = [];
    return proven;
  }
}
