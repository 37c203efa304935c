// Runs only against a MongoDB server, e.g. the docker-compose replica set:
//   MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true' npx jest test/contract/mongo
// Each test gets a fresh, randomly named database, dropped afterwards. Without MONGODB_URL: skipped.
import { MongoPersonalDataKeys } from '../../src/infrastructure/mongodb/mongo-personal-data-keys';
import { describeOnMongoDb, freshMongoDatabases } from '../support/live-stores';
import { personalDataKeysContract } from './personal-data-keys.contract';

describeOnMongoDb('MongoDB personal-data key store', () => {
  const freshDatabase = freshMongoDatabases();
  personalDataKeysContract('MongoDB', async () => new MongoPersonalDataKeys((await freshDatabase()).db));

  it('gives instances racing on a new member the one key', async () => {
    const { db } = await freshDatabase();
    const instances = [new MongoPersonalDataKeys(db), new MongoPersonalDataKeys(db), new MongoPersonalDataKeys(db)];
    const keys = await Promise.all(instances.map((keys) => keys.keyFor('lan')));
    expect(keys.every((key) => key.equals(keys[0]))).toBe(true);
  });
});
