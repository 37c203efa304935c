// Runs only against a MongoDB server, e.g. the docker-compose replica set:
//   MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true' npx jest test/contract/mongo
// Each test gets a fresh, randomly named database, dropped afterwards. Without MONGODB_URL: skipped.
import { MongoCredentialStore } from '../../src/infrastructure/mongodb/mongo-credential-store';
import { credentialStoreContract } from './credential-store.contract';
import { describeOnMongoDb, freshMongoDatabases } from '../support/live-stores';

describeOnMongoDb('MongoDB credential store', () => {
  const freshDatabase = freshMongoDatabases();
  credentialStoreContract('MongoDB', async () => new MongoCredentialStore((await freshDatabase()).db));
});
