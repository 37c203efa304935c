import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { READ_STORE, type ReadStore } from '../../src/core/read-store.port';
import { CLOCK, StoresModule, SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { ProjectionsRuntimeModule } from '../../src/projections-runtime/projections-runtime.module';

const joins: Projection<{ members: number }> = {
  name: 'joins',
  version: 1,
  eventTypes: ['MemberJoined'],
  collections: { unions: {} },
  documentsOf: (event) => [{ collection: 'unions', id: String(event.data.unionId) }],
  evolve: (doc) => ({ members: (doc?.members ?? 0) + 1 }),
};

describe('ProjectionsRuntimeModule', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'union-ledger-runtime-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('runs the registered projections with the application, on the shared SQLite file, and stops them first on close', async () => {
    const db = openSqliteDatabase({ path: join(folder, 'app.sqlite') });
    const moduleRef = await Test.createTestingModule({
      imports: [StoresModule, ProjectionsRuntimeModule.forRoot([joins])],
    })
      .overrideProvider(SQLITE_DATABASE)
      .useValue(db)
      .overrideProvider(CLOCK)
      .useValue(() => new Date('2024-06-30T03:00:00Z'))
      .compile();
    await moduleRef.init();

    const store = moduleRef.get<EventStore>(EVENT_STORE);
    const runner = moduleRef.get(ProjectionRunner);
    const reads = moduleRef.get<ReadStore>(READ_STORE);
    const { position } = await store.append(
      'member-m1',
      [
        {
          id: randomUUID(),
          type: 'MemberJoined',
          data: { occurredOn: '2024-01-10', unionId: 'u1' },
          metadata: {
            occurredOn: '2024-01-10',
            recordedAt: '2024-01-10T02:00:00.000Z',
            actor: 'test',
            correlationId: randomUUID(),
            causationId: null,
          },
        },
      ],
      'no_stream',
    );

    expect(await runner.waitFor('joins', position, 10_000)).toBe(true);
    expect(await reads.liveNamespace('joins')).toBe('joins_v1');
    expect(await reads.get('joins_v1', 'unions', 'u1')).toEqual({ members: 1 });

    // Closing stops the runner before the event store module closes the database.
    await moduleRef.close();
    expect(db.open).toBe(false);
    expect(await runner.waitFor('joins', position + 1, 10_000)).toBe(false);
  });
});
