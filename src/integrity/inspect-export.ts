import { InOrderUpcaster } from '../core/event-schemas';
import { EVENT_SCHEMAS } from '../event-schemas';
import { type LogDigest, parseDigest } from './log-digest';
import { EXPORT_FORMAT, type ExportHeader } from './log-export';
import { OfflineFundBooks, type OfflineFundsReport } from './offline-funds';
import { type VerifiableEvent, type VerificationReport, verifyLog } from './verify-log';

/**
 * What an inspector runs on an export file, with nothing else: no service, no database. It verifies the
 * chains and seals in the file (against the digest the inspector kept, when given) and recomputes every
 * fund's figures from the events in it, with the service's independent fund verifier.
 */
export interface InspectionReport {
  /** Verified, complete, and (when a digest was brought) matching it. */
  ok: boolean;
  file: {
    format: string;
    exportedAt: string;
    head: number;
    scope: ExportHeader['scope'];
    events: number;
    /** The file ends with its end line, and holds as many events as that line says. */
    complete: boolean;
  };
  /** `kept`: the digest the inspector brought; `file`: only the file's own (proves it consistent, not unchanged). */
  digestUsed: 'kept' | 'file' | 'none';
  verification: VerificationReport;
  funds: OfflineFundsReport;
  /** What the inspector should know beyond the verification's problems. */
  notes: string[];
}

export class MalformedExport extends Error {
  constructor(line: number, reason: string) {
    super(`not a union-ledger export: line ${line}: ${reason}`);
    this.name = 'MalformedExport';
  }
}

export interface InspectOptions {
  /** The digest the inspector kept; without it, the file's own digest line is used. */
  digest?: LogDigest;
  /** Fund figures as of this business date (all events when absent). */
  asOf?: string;
}

/** `lines` is called twice: once to read the header and trailer, once to verify. */
export async function inspectExport(
  lines: () => AsyncIterable<string>,
  options: InspectOptions = {},
): Promise<InspectionReport> {
  const { header, fileDigest, endCount, events } = await scan(lines());
  const digest = options.digest ?? fileDigest ?? undefined;
  const digestUsed = options.digest ? 'kept' : fileDigest ? 'file' : 'none';
  const funds = new OfflineFundBooks(options.asOf ?? null);
  const inOrder = new InOrderUpcaster(EVENT_SCHEMAS);
  const slice = header.scope.kind === 'federation';

  async function* eventsOf(): AsyncGenerator<VerifiableEvent> {
    let number = 0;
    for await (const line of lines()) {
      number += 1;
      if (line.trim() === '') continue;
      const value = parseLine(line, number);
      if (value.kind !== 'event') continue;
      const event = eventOf(value, number);
      // Hashes are checked over the event as stored; the funds are summed in today's shapes.
      funds.add(await inOrder.current(event));
      yield event;
    }
  }
  const verification = await verifyLog(eventsOf(), { densePositions: header.densePositions, slice, digest });

  const complete = endCount === events;
  const notes: string[] = [];
  if (!complete) {
    notes.push(
      endCount === null
        ? 'the file has no end line: it was cut short, and events may be missing at its end'
        : `the end line counts ${endCount} events but the file holds ${events}`,
    );
  }
  if (digestUsed === 'file') {
    notes.push(
      "checked against the file's own digest only, which shows the file is consistent, not that it is unchanged: " +
        'bring the digest you kept (--digest) to check that',
    );
  }
  if (digestUsed === 'none') notes.push('no digest: the file was checked for consistency only');
  if (verification.digest?.checkedBy === 'not-checkable') {
    notes.push(
      'the digest names no seal, so a one-federation export cannot be checked against it: seal, then take a new digest',
    );
  }
  if (verification.unsealed > 0) {
    const unsealed = verification.unsealed === 1 ? '1 event' : `${verification.unsealed} events`;
    notes.push(
      `${unsealed} after the last seal ${verification.unsealed === 1 ? 'is' : 'are'} checked by hash and chain only`,
    );
  }
  const fundsReport = await funds.report();
  if (fundsReport.anomalies.length > 0) notes.push('the fund books do not verify: see the fund anomalies');
  const digestOk = !verification.digest || verification.digest.matches;
  return {
    ok: verification.ok && complete && digestOk,
    file: {
      format: header.format,
      exportedAt: header.exportedAt,
      head: header.head,
      scope: header.scope,
      events,
      complete,
    },
    digestUsed,
    verification,
    funds: fundsReport,
    notes,
  };
}

async function scan(lines: AsyncIterable<string>) {
  let header: ExportHeader | null = null;
  let fileDigest: LogDigest | null = null;
  let endCount: number | null = null;
  let events = 0;
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    if (line.startsWith('{"kind":"event"')) {
      if (!header) throw new MalformedExport(number, 'an event comes before the header');
      events += 1;
      continue;
    }
    const value = parseLine(line, number);
    switch (value.kind) {
      case 'header':
        if (header) throw new MalformedExport(number, 'a second header');
        if (value.format !== EXPORT_FORMAT) throw new MalformedExport(number, `format must be '${EXPORT_FORMAT}'`);
        header = value as unknown as ExportHeader;
        break;
      case 'digest':
        try {
          fileDigest = parseDigest(value.digest);
        } catch (error) {
          throw new MalformedExport(number, (error as Error).message);
        }
        break;
      case 'end':
        endCount = Number(value.events);
        break;
      case 'latest-seal':
        break;
      case 'event':
        // An event line with its keys in another order: still an event.
        events += 1;
        break;
      default:
        throw new MalformedExport(number, `unknown line kind '${String(value.kind)}'`);
    }
  }
  if (!header) throw new MalformedExport(1, 'no header line');
  return { header, fileDigest, endCount, events };
}

function parseLine(line: string, number: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new MalformedExport(number, 'not a JSON object');
}

function eventOf(value: Record<string, unknown>, number: number): VerifiableEvent {
  const { id, streamId, revision, position, type, data, metadata, inclusion } = value;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (
    typeof id !== 'string' ||
    typeof streamId !== 'string' ||
    typeof type !== 'string' ||
    !Number.isSafeInteger(revision) ||
    !Number.isSafeInteger(position) ||
    !isObject(data) ||
    !isObject(metadata)
  ) {
    throw new MalformedExport(number, 'an event needs id, streamId, revision, position, type, data and metadata');
  }
  return {
    id,
    streamId,
    revision: revision as number,
    position: position as number,
    type,
    data: data as VerifiableEvent['data'],
    metadata: metadata as VerifiableEvent['metadata'],
    ...(isObject(inclusion) ? { inclusion: inclusion as VerifiableEvent['inclusion'] } : {}),
  };
}
