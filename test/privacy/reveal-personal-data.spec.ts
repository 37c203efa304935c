import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryPersonalDataKeys } from '../../src/infrastructure/memory/in-memory-personal-data-keys';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqlitePersonalDataKeys } from '../../src/infrastructure/sqlite/sqlite-personal-data-keys';
import { openPersonalData, sealPersonalData } from '../../src/privacy/personal-data-cipher';
import type { PersonalDataKeys } from '../../src/privacy/personal-data-keys.port';
import { revealPersonalData } from '../../src/privacy/reveal-personal-data';

const lan = { fullName: 'Nguyễn Thị Lan', gender: 'female' as const, birthDate: '1990-05-17' };

const drivers: [string, () => PersonalDataKeys][] = [
  ['in memory', () => new InMemoryPersonalDataKeys()],
  [
    'SQLite',
    () =>
      new SqlitePersonalDataKeys(
        openSqliteDatabase({ path: join(mkdtempSync(join(tmpdir(), 'union-ledger-keys-')), 'keys.sqlite') }),
      ),
  ],
];

// The key stores' own behaviour is the shared contract (test/contract/personal-data-keys.contract.ts).
describe.each(drivers)('revealing personal data through the key store (%s)', (_name, open) => {
  let keys: PersonalDataKeys;
  beforeEach(() => {
    keys = open();
  });

  it('reveals sealed personal data while the key exists, and redacts it once destroyed', async () => {
    const data = {
      memberId: 'lan',
      unionId: 'school',
      personal: sealPersonalData(await keys.keyFor('lan'), 'lan', lan),
    };
    expect(JSON.stringify(data)).not.toContain('Lan');
    expect(await revealPersonalData(keys, data)).toEqual({ ...data, personal: lan });
    await keys.destroyKey('lan');
    expect(await revealPersonalData(keys, data)).toEqual({ ...data, personal: { redacted: true } });
  });
});

describe('personal-data cipher', () => {
  const keys = new InMemoryPersonalDataKeys();

  it('refuses ciphertext moved to another member or altered', async () => {
    const key = await keys.keyFor('lan');
    const sealed = sealPersonalData(key, 'lan', lan);
    expect(openPersonalData(key, sealed)).toEqual(lan);
    const moved = { encrypted: { ...sealed.encrypted, keyId: 'member-hoa' } };
    expect(() => openPersonalData(key, moved)).toThrow();
    const altered = { encrypted: { ...sealed.encrypted, ciphertext: Buffer.from('x').toString('base64') } };
    expect(() => openPersonalData(key, altered)).toThrow();
    expect(await revealPersonalData(keys, { memberId: 'lan', personal: altered })).toEqual({
      memberId: 'lan',
      personal: { redacted: true },
    });
  });
});

describe('SQLite personal-data key store', () => {
  it('overwrites a destroyed key in the file, and leaves secure_delete as it found it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'union-ledger-keys-')), 'keys.sqlite');
    const db = openSqliteDatabase({ path });
    const keys = new SqlitePersonalDataKeys(db);
    const key = await keys.keyFor('lan');
    await keys.destroyKey('lan');
    expect(db.pragma('secure_delete', { simple: true })).toBe(0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(readFileSync(path).includes(key)).toBe(false);
  });
});
