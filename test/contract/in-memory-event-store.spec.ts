import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('in-memory', async () => new InMemoryEventStore(), { densePositions: true });
