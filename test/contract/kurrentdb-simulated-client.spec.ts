import { eventStoreContract } from './event-store.contract';
import { KurrentDbEventStore } from '../../src/infrastructure/kurrentdb/kurrentdb-event-store';
import { hashChained } from '../../src/integrity/hash-chained-event-store';
import { SimulatedKurrentClient } from '../support/simulated-kurrent-client';

/**
 * The adapter's own logic (requests, id claims, paging, subscriptions) through the contract, on an in-process
 * stand-in for the client (test/support/simulated-kurrent-client.ts); the live contract
 * (test/contract/kurrentdb-event-store.spec.ts) checks the real server.
 */
const open = (simulated: SimulatedKurrentClient) => new KurrentDbEventStore(simulated.client);

eventStoreContract(
  'KurrentDB adapter on a simulated client (fresh log per test)',
  async () => open(new SimulatedKurrentClient()),
  { densePositions: false },
);

const shared = new SimulatedKurrentClient();
eventStoreContract('KurrentDB adapter on a simulated client (one shared log)', async () => open(shared), {
  densePositions: false,
  sharedLog: true,
});

eventStoreContract(
  'hash-chained over the KurrentDB adapter on a simulated client',
  async () => hashChained(open(new SimulatedKurrentClient())),
  { densePositions: false, stampedMetadata: ['hash', 'previousHash'] },
);
