import 'reflect-metadata';
import { validateConfig } from './app-config';

describe('configuration', () => {
  it('defaults to the embedded stores', () => {
    expect(validateConfig({})).toMatchObject({
      EVENT_STORE: 'sqlite',
      READ_STORE: 'sqlite',
      SQLITE_PATH: './data/union-ledger.sqlite',
      SQLITE_SYNCHRONOUS: 'FULL',
      MONGODB_DATABASE: 'union_ledger',
    });
  });

  it('takes KurrentDB and MongoDB with their connection strings', () => {
    const config = validateConfig({
      EVENT_STORE: 'kurrentdb',
      KURRENTDB_URL: 'kurrentdb://kurrentdb:2113?tls=false',
      READ_STORE: 'mongodb',
      MONGODB_URL: 'mongodb://mongodb:27017/?replicaSet=rs0',
    });
    expect(config).toMatchObject({ EVENT_STORE: 'kurrentdb', READ_STORE: 'mongodb' });
  });

  it("takes the KurrentDB server's MaxAppendSize in bytes, 1 MiB by default", () => {
    expect(validateConfig({}).KURRENTDB_MAX_APPEND_SIZE).toBe(1_048_576);
    expect(validateConfig({ KURRENTDB_MAX_APPEND_SIZE: '4194304' }).KURRENTDB_MAX_APPEND_SIZE).toBe(4_194_304);
    expect(() => validateConfig({ KURRENTDB_MAX_APPEND_SIZE: '1mb' })).toThrow(/KURRENTDB_MAX_APPEND_SIZE/);
  });

  it('takes the projection lease time-to-live in whole seconds, 15 by default', () => {
    expect(validateConfig({}).PROJECTION_LEASE_TTL_SECONDS).toBe(15);
    expect(validateConfig({ PROJECTION_LEASE_TTL_SECONDS: '5' }).PROJECTION_LEASE_TTL_SECONDS).toBe(5);
    for (const bad of ['0', '1.5', 'ten', '3601']) {
      expect(() => validateConfig({ PROJECTION_LEASE_TTL_SECONDS: bad })).toThrow(/PROJECTION_LEASE_TTL_SECONDS/);
    }
  });

  it('names an unknown store and what it may be', () => {
    expect(() => validateConfig({ EVENT_STORE: 'postgres' })).toThrow(
      /EVENT_STORE=postgres: EVENT_STORE must be sqlite \(embedded\) or kurrentdb/,
    );
    expect(() => validateConfig({ READ_STORE: 'redis' })).toThrow(/READ_STORE must be sqlite \(embedded\) or mongodb/);
  });

  it('requires the URL of a chosen server store', () => {
    expect(() => validateConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(
      /KURRENTDB_URL.*required when EVENT_STORE=kurrentdb/,
    );
    expect(() => validateConfig({ READ_STORE: 'mongodb' })).toThrow(/MONGODB_URL.*required when READ_STORE=mongodb/);
  });

  it('refuses a malformed connection string without printing it (it may hold a password)', () => {
    const attempt = () => validateConfig({ READ_STORE: 'mongodb', MONGODB_URL: 'http://admin:s3cret@mongo' });
    expect(attempt).toThrow(/MONGODB_URL=\(hidden\): MONGODB_URL must be a MongoDB connection string/);
    expect(attempt).not.toThrow(/s3cret/);
  });

  it('reads an empty variable as unset', () => {
    expect(validateConfig({ JWT_SECRET: '', PORT: '' })).toMatchObject({ PORT: 3000, JWT_SECRET: undefined });
  });
});
