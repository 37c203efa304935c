// Runs only against a MongoDB replica set (transactions need one), e.g. the docker-compose one:
//   MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true' npx jest test/contract/mongo
// Each test gets a fresh, randomly named database, dropped afterwards. Without MONGODB_URL: skipped.
import { MongoReadStore } from '../../src/infrastructure/mongodb/mongo-read-store';
import { describeOnMongoDb, freshMongoDatabases } from '../support/live-stores';
import { readStoreContract } from './read-store.contract';

describeOnMongoDb('MongoDB read store', () => {
  const freshDatabase = freshMongoDatabases();
  readStoreContract('MongoDB', async () => {
    const { client, db } = await freshDatabase();
    return new MongoReadStore(client, db);
  });

  it('keeps two store instances on one database consistent, as two API instances are', async () => {
    const { client, db } = await freshDatabase();
    const first = new MongoReadStore(client, db);
    const second = new MongoReadStore(client, db);
    const projection = {
      name: 'seen',
      version: 1,
      eventTypes: ['Seen'],
      collections: { seen: {} },
      documentsOf: () => [{ collection: 'seen', id: 'all' }],
      evolve: (doc: { n: number } | null) => ({ n: (doc?.n ?? 0) + 1 }),
    };
    await Promise.all([first.prepare('seen_v1', projection), second.prepare('seen_v1', projection)]);
    const events = [1, 2, 3].map((position) => ({
      id: `e${position}`,
      streamId: 's',
      revision: position - 1,
      position,
      type: 'Seen',
      data: {},
      metadata: {
        occurredOn: '2024-01-10',
        recordedAt: '2024-01-10T00:00:00.000Z',
        actor: 'test',
        correlationId: 'c',
        causationId: null,
      },
    }));
    await Promise.all([
      first.applyBatch('seen_v1', projection, events),
      second.applyBatch('seen_v1', projection, events),
    ]);
    expect(await second.get('seen_v1', 'seen', 'all')).toEqual({ n: 3 });
    await first.setLiveNamespace('seen', 'seen_v1');
    expect(await second.liveNamespace('seen')).toBe('seen_v1');
    expect((await db.listCollections().toArray()).map((c) => c.name).sort()).toEqual([
      'projection_leases',
      'read_model_live',
      'read_model_namespaces',
      'rm_seen_v1',
    ]);
  });
});
