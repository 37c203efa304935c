import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { EventMetadata, EventStore, EventToAppend, StoredEvent } from '../../src/core/event-store.port';
import { storedFormOf } from '../../src/core/upcasting-event-store';
import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';
import type { ChainedMetadata } from '../../src/integrity/event-hash';
import { hashChained } from '../../src/integrity/hash-chained-event-store';
import { SEAL_STREAM } from '../../src/integrity/integrity.events';
import { LedgerIntegrity } from '../../src/integrity/ledger-integrity';
import type { EventLine } from '../../src/integrity/log-export';
import { registerHanoi } from '../support/fixtures';
import { createTestApp, TEST_NOW } from '../support/test-app';

/**
 * A log as the code before event schema versions wrote it: no `schemaVersion` in any event's metadata, and
 * `AwardRevoked` without the award's `year` (added in place before versions existed). Kept as a log export
 * (`union-ledger-export/1`, one JSON object a line) under `test/fixtures/`.
 *
 * Written once, by recording a small history through today's HTTP API and then writing its events again, in
 * the same order, through the store's own hash-chaining append path with the older shape; regenerate with
 * `WRITE_OLD_SHAPE_LOG=1 npx jest test/schemas/old-shape-log.spec.ts` (the ids change, so the figures asserted
 * by the test stay, but the file is new).
 */
export async function writeOldShapeLog(path: string): Promise<void> {
  const t = await createTestApp();
  try {
    await recordHistory(t);
    const older = hashChained(new InMemoryEventStore());
    for await (const event of storedFormOf(t.store).readAll()) {
      if (event.streamId === SEAL_STREAM) continue;
      const expected = event.revision === 0 ? 'no_stream' : event.revision - 1;
      await older.append(event.streamId, [inOlderShape(event)], expected);
    }
    const integrity = new LedgerIntegrity(older, () => TEST_NOW, true, { everyEvents: 0, everySeconds: 0 });
    await integrity.seal('fixture');
    const lines: string[] = [];
    for await (const line of integrity.export()) lines.push(line);
    await writeFile(path, `${lines.join('\n')}\n`);
  } finally {
    await t.close();
  }
}

function inOlderShape(event: StoredEvent): EventToAppend {
  const {
    hash: _hash,
    previousHash: _previous,
    schemaVersion: _version,
    ...metadata
  } = event.metadata as Partial<ChainedMetadata>;
  const { year: _year, ...revokedWithoutYear } = event.data;
  return {
    id: event.id,
    type: event.type,
    data: event.type === 'AwardRevoked' ? revokedWithoutYear : event.data,
    metadata: metadata as EventMetadata,
  };
}

type App = Awaited<ReturnType<typeof createTestApp>>;

/** Two districts of Hà Nội in a cluster, their unions and members, a fund book, and awards (one revoked). */
async function recordHistory(t: App): Promise<void> {
  const created = (path: string, body: object) => t.http().post(path).send(body).expect(201);
  const done = (path: string, body: object) => t.http().post(path).send(body).expect(200);
  await registerHanoi(t, ['ba-vi', 'phuc-tho']);
  const found = (id: string, federationId: string) =>
    created('/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn: '2010-01-01' });
  await found('tan-linh-school', 'ba-vi');
  await found('ba-vi-clinic', 'ba-vi');
  await found('phuc-tho-factory', 'phuc-tho');
  const person = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };
  const join = (id: string, unionId: string, occurredOn: string) =>
    created('/members', { id, unionId, ...person, occurredOn });
  await join('lan', 'tan-linh-school', '2020-03-01');
  await join('minh', 'tan-linh-school', '2020-03-01');
  await join('hoa', 'ba-vi-clinic', '2021-05-01');
  await join('tuan', 'phuc-tho-factory', '2021-06-01');
  await join('mai', 'phuc-tho-factory', '2022-02-01');
  await done('/members/minh/transfer', { toUnionId: 'phuc-tho-factory', occurredOn: '2023-04-01' });
  await done('/members/mai/leave', { occurredOn: '2023-12-31' });

  const book = '/federations/ba-vi/funds';
  await created(book, { id: 'social', kind: 'social', name: 'Quỹ xã hội', occurredOn: '2020-01-01' });
  await created(book, { id: 'gratitude', kind: 'gratitude', name: 'Quỹ đền ơn đáp nghĩa', occurredOn: '2020-01-01' });
  await created(`${book}/social/contributions`, {
    id: 'bv-thu-01',
    amount: 58_000_000,
    sourceKind: 'organisation',
    sourceName: 'Các CĐCS huyện Ba Vì',
    occurredOn: '2023-06-01',
  });
  await created(`${book}/social/payments`, {
    id: 'bv-chi-tet',
    amount: 12_000_000,
    purpose: 'tet-gifts',
    recipientKind: 'member',
    recipientName: 'Đoàn viên có hoàn cảnh khó khăn',
    recipients: 12,
    amountEach: 1_000_000,
    occurredOn: '2024-01-20',
  });
  await created('/federations/ba-vi/fund-transfers', {
    id: 'bv-chuyen-01',
    fromFundId: 'social',
    toFundId: 'gratitude',
    amount: 6_000_000,
    occurredOn: '2024-07-27',
  });

  await t
    .http()
    .put('/clusters/cum-4/years/2023')
    .send({ name: 'Cụm thi đua số 4', federationIds: ['ba-vi', 'phuc-tho'], occurredOn: '2023-01-10' })
    .expect(200);

  const award = (id: string, recipientKind: string, recipientId: string, year: number, occurredOn: string) =>
    created('/awards', { id, title: 'Lao động giỏi', level: 'district', recipientKind, recipientId, year, occurredOn });
  await award('ldg-2023-lan', 'member', 'lan', 2023, '2023-11-22');
  await award('ldg-2023-hoa', 'member', 'hoa', 2023, '2023-11-22');
  await award('vm-2024-factory', 'union', 'phuc-tho-factory', 2024, '2024-12-20');
  await done('/awards/ldg-2023-lan/revoke', { occurredOn: '2024-02-01', reason: 'Vi phạm kỷ luật lao động' });
}

/** The events of a log export file, in the order they were stored. */
export async function eventsOfExport(path: string): Promise<EventLine[]> {
  const events: EventLine[] = [];
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const value = JSON.parse(line) as { kind: string };
    if (value.kind === 'event') events.push(value as EventLine);
  }
  return events;
}

/** Writes an export's events into an empty store exactly as they were stored: same ids, revisions and metadata. */
export async function loadExport(events: readonly EventLine[], into: EventStore): Promise<void> {
  for (const { streamId, revision, id, type, data, metadata } of events) {
    await into.append(streamId, [{ id, type, data, metadata }], revision === 0 ? 'no_stream' : revision - 1);
  }
}
