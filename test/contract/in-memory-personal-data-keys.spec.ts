import { InMemoryPersonalDataKeys } from '../../src/infrastructure/memory/in-memory-personal-data-keys';
import { personalDataKeysContract } from './personal-data-keys.contract';

personalDataKeysContract('in-memory', async () => new InMemoryPersonalDataKeys());
