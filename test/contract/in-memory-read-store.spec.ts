import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import { readStoreContract } from './read-store.contract';

readStoreContract('in-memory', async () => new InMemoryReadStore());
