import { randomUUID } from 'node:crypto';
import { EventSchemas, InOrderUpcaster } from '../../src/core/event-schemas';
import type { EventStore, EventToAppend, StoredEvent } from '../../src/core/event-store.port';
import { storedFormOf } from '../../src/core/upcasting-event-store';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';
import { serviceStoreOver } from '../../src/infrastructure/open-stores';
import { hashChained } from '../../src/integrity/hash-chained-event-store';
import { LedgerIntegrity } from '../../src/integrity/ledger-integrity';

const recipient = { kind: 'member', id: 'm-1' };

function stored(type: string, data: Record<string, unknown>): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: { occurredOn: '2024-03-01', ...data },
    metadata: {
      occurredOn: '2024-03-01',
      recordedAt: '2024-03-02T02:00:00.000Z',
      actor: 'can-bo-thi-dua',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

async function all(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** A revocation as the code before AwardRevoked v2 stored it: no `year`, no schema version. */
async function oldRevocation(): Promise<{ raw: EventStore; service: EventStore }> {
  const raw = new InMemoryEventStore();
  const grant = {
    awardId: 'a-1',
    title: 'Lao động giỏi',
    level: 'grassroots',
    recipient,
    federationId: 'hn',
    year: 2023,
  };
  await hashChained(raw).append(
    'award-a-1',
    [stored('AwardGranted', grant), stored('AwardRevoked', { awardId: 'a-1', recipient, federationId: 'hn' })],
    'no_stream',
  );
  return { raw, service: serviceStoreOver(raw) };
}

describe('reading events written in older shapes', () => {
  it('reads a v1 AwardRevoked with the year of its award, on every read path, leaving the stored event as it was', async () => {
    const { raw, service } = await oldRevocation();
    const revocation = (events: StoredEvent[]) => events.find((e) => e.type === 'AwardRevoked')!;

    for (const read of [
      await service.readStream('award-a-1'),
      [(await service.readLastEvent('award-a-1'))!],
      await all(service.readAll()),
    ]) {
      expect(revocation(read).data).toMatchObject({ awardId: 'a-1', year: 2023 });
      expect(revocation(read).metadata.schemaVersion).toBe(2);
    }
    const subscription = service.subscribeToAll();
    const followed: StoredEvent[] = [];
    for await (const event of subscription) {
      followed.push(event);
      if (followed.length === 2) subscription.close();
    }
    expect(revocation(followed).data.year).toBe(2023);

    const [, asStored] = await raw.readStream('award-a-1');
    expect(asStored.data).not.toHaveProperty('year');
    expect(asStored.metadata).not.toHaveProperty('schemaVersion');
    expect(storedFormOf(service)).toBe(storedFormOf(storedFormOf(service)));
  });

  it('still verifies the hash chains of upcast events, computed over the events as stored', async () => {
    const { service } = await oldRevocation();
    const integrity = new LedgerIntegrity(service, () => new Date('2024-03-02T03:00:00Z'), true, {
      everyEvents: 0,
      everySeconds: 0,
    });
    expect(await integrity.verify()).toMatchObject({ ok: true, checked: 2, problems: [] });
    await integrity.seal('test');
    expect(await integrity.verify()).toMatchObject({ ok: true, problems: [] });
  });

  it("stamps every appended event with its type's current schema version", async () => {
    const raw = new InMemoryEventStore();
    const service = serviceStoreOver(raw);
    await service.append(
      'award-a-2',
      [
        stored('AwardGranted', { awardId: 'a-2', recipient, federationId: 'hn', year: 2024 }),
        stored('AwardRevoked', { awardId: 'a-2', recipient, federationId: 'hn', year: 2024 }),
      ],
      'no_stream',
    );
    const versions = (await raw.readStream('award-a-2')).map((e) => [e.type, e.metadata.schemaVersion]);
    expect(versions).toEqual([
      ['AwardGranted', 1],
      ['AwardRevoked', 2],
    ]);
  });
});

describe('upcasting a log read in order, without a store (an export file)', () => {
  it("upcasts a v1 AwardRevoked from its stream's first event seen earlier in the log", async () => {
    const { raw } = await oldRevocation();
    const inOrder = new InOrderUpcaster(EVENT_SCHEMAS);
    const current: StoredEvent[] = [];
    for await (const event of raw.readAll()) current.push(await inOrder.current(event));
    expect(current.map((e) => [e.type, e.data.year])).toEqual([
      ['AwardGranted', 2023],
      ['AwardRevoked', 2023],
    ]);
  });

  it('refuses to guess when the stream did not start with its grant', async () => {
    const { raw } = await oldRevocation();
    const [, revocation] = await raw.readStream('award-a-1');
    await expect(new InOrderUpcaster(EVENT_SCHEMAS).current(revocation)).rejects.toThrow(
      'award-a-1 does not start with the AwardGranted',
    );
  });
});

describe('the schema registry', () => {
  it('refuses a current version with no upcaster leading to it', () => {
    expect(
      () => new EventSchemas([{ type: 'X', currentVersion: 3, upcasters: [{ from: 1, upcast: (d) => d }] }]),
    ).toThrow('event type X has no upcaster from version 2 to 3');
  });

  it('chains upcasters from the stored version to the current one', async () => {
    const schemas = new EventSchemas([
      {
        type: 'X',
        currentVersion: 3,
        upcasters: [
          { from: 2, upcast: (d) => ({ ...d, third: true }) },
          { from: 1, upcast: (d) => ({ ...d, second: true }) },
        ],
      },
    ]);
    const v1 = { ...stored('X', { first: true }), streamId: 's', revision: 0, position: 1 };
    const v2 = { ...v1, data: { ...v1.data, second: 'kept' }, metadata: { ...v1.metadata, schemaVersion: 2 } };
    const context = { streamStart: async () => null };
    expect((await schemas.upcast(v1, context)).data).toMatchObject({ first: true, second: true, third: true });
    expect((await schemas.upcast(v2, context)).data).toMatchObject({ second: 'kept', third: true });
    expect(schemas.currentVersion('Unlisted')).toBe(1);
  });
});
