import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectionHint, HOST_MONGODB_URL } from './mongo-connection';

const root = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the MongoDB URL to use from the host', () => {
  it('is the one the README gives, and every suite header and the test support give no other', () => {
    expect(read('README.md')).toContain(`MONGODB_URL='${HOST_MONGODB_URL}'`);
    for (const path of [
      'test/support/live-stores.ts',
      'test/contract/mongo-read-store.spec.ts',
      'test/contract/mongo-credential-store.spec.ts',
      'test/contract/mongo-personal-data-keys.spec.ts',
    ]) {
      const urls = read(path).match(/mongodb:\/\/localhost[^'`\s)]*/g) ?? [];
      expect({ path, urls: [...new Set(urls)] }).toEqual({ path, urls: [HOST_MONGODB_URL] });
    }
  });

  it('is named when a replica-set URL without directConnection cannot reach the member the set reports', () => {
    const failure = 'Server selection timed out after 10000 ms: getaddrinfo ENOTFOUND mongodb';
    const hint = connectionHint('mongodb://localhost:27017/?replicaSet=rs0', failure);
    expect(hint).toContain('directConnection=true');
    expect(hint).toContain(HOST_MONGODB_URL);
  });

  it('is not suggested when the URL already connects directly, names no replica set, or failed otherwise', () => {
    const failure = 'getaddrinfo ENOTFOUND mongodb';
    expect(connectionHint(HOST_MONGODB_URL, failure)).toBe('');
    expect(connectionHint('mongodb://localhost:27017/', failure)).toBe('');
    expect(connectionHint('mongodb://localhost:27017/?replicaSet=rs0', 'Authentication failed')).toBe('');
  });
});
