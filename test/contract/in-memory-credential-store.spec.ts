import { InMemoryCredentialStore } from '../../src/infrastructure/memory/in-memory-credential-store';
import { credentialStoreContract } from './credential-store.contract';

credentialStoreContract('in-memory', async () => new InMemoryCredentialStore());
