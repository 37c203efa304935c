import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import {
  AUTH_SETTINGS,
  type AuthSettings,
  THROTTLE_SETTINGS,
  type ThrottleSettings,
} from '../../src/auth/auth-settings';
import { CREDENTIAL_STORE, type CredentialStore } from '../../src/auth/credential-store.port';
import { issueApiKey } from '../../src/auth/credentials';
import type { Role } from '../../src/auth/principal';
import { EVENT_STORE, type EventStore } from '../../src/core/event-store.port';
import { configureApp } from '../../src/http/configure-app';
import { serviceStoreOver, type StoreChoice } from '../../src/infrastructure/open-stores';
import { CLOCK, EVENT_STORE_TRAITS, STORE_CHOICE } from '../../src/infrastructure/stores.module';
import { dropMongoDatabase, freshMongoDatabaseName, KURRENTDB_URL, MONGODB_URL } from './live-stores';

type Client = ReturnType<typeof request>;

/** A credential made for a test: the header value to send, and the actor it records as. */
export interface TestCredential {
  authorization: string;
  actor: string;
}

export interface TestApp {
  app: NestExpressApplication;
  /** Requests as the test admin (an API key made at start-up): allowed everywhere. */
  http: () => Client;
  /** Requests with the given `Authorization` header value instead (`Bearer …`, `ApiKey …`). */
  as: (authorization: string) => Client;
  /** Requests with no credentials at all. */
  anonymous: () => Client;
  /** The principal id `t.http()` records as: every event it causes carries it as `metadata.actor`. */
  adminActor: string;
  /** A new API key with these roles (and, for a recorder, federations). */
  apiKey(options: { roles: Role[]; federations?: string[]; name?: string }): Promise<TestCredential>;
  /** A bearer token signed with the test secret; `user:<sub>` is its actor. */
  jwt(claims: { sub: string; roles: Role[]; federations?: string[] }, options?: { expiresIn?: number }): TestCredential;
  store: EventStore;
  credentials: CredentialStore;
  /** Events in the whole log: the way tests prove that a refusal appended nothing. */
  logLength(): Promise<number>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Rate limiting; off unless a test asks for it. */
  throttle?: ThrottleSettings;
  /**
   * The stores to run on: SQLite for both by default. KurrentDB and MongoDB use `KURRENTDB_URL` and
   * `MONGODB_URL`; the read models get a fresh MongoDB database, dropped on close.
   */
  stores?: Pick<StoreChoice, 'EVENT_STORE' | 'READ_STORE'>;
  /** An existing SQLite file to run on instead of a fresh one (left in place on close). */
  sqlitePath?: string;
  /**
   * An event store adapter to run on instead of the configured one (hash-chained here, as the service's is), with
   * sparse positions: e.g. the KurrentDB adapter on the simulated client. Read models stay on SQLite.
   */
  eventStore?: EventStore;
}

/** The fixed "now" of end-to-end tests: business dates up to 2026-06-30 are in the past. */
export const TEST_NOW = new Date('2026-06-30T03:00:00Z');

/** Bearer tokens in tests are HS256 with this secret, issuer and audience. */
export const TEST_JWT = {
  secret: 'test-secret-of-at-least-thirty-two-characters',
  issuer: 'test-idp',
  audience: 'union-ledger',
};

/** Boots the whole application on a fresh SQLite file in a temporary folder (or the configured servers), with an admin credential. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-test-'));
  const stores: StoreChoice = {
    EVENT_STORE: 'sqlite',
    READ_STORE: 'sqlite',
    ...options.stores,
    SQLITE_PATH: options.sqlitePath ?? join(folder, 'test.sqlite'),
    SQLITE_SYNCHRONOUS: 'FULL',
    KURRENTDB_URL,
    MONGODB_URL,
    MONGODB_DATABASE: freshMongoDatabaseName(),
  };
  const settings: AuthSettings = {
    jwt: {
      key: TEST_JWT.secret,
      kind: 'secret',
      algorithms: ['HS256'],
      issuer: TEST_JWT.issuer,
      audience: TEST_JWT.audience,
    },
  };
  let testing = Test.createTestingModule({ imports: [AppModule] });
  if (options.eventStore) {
    testing = testing
      .overrideProvider(EVENT_STORE)
      .useValue(serviceStoreOver(options.eventStore))
      .overrideProvider(EVENT_STORE_TRAITS)
      .useValue({ densePositions: false });
  }
  const moduleRef = await testing
    .overrideProvider(STORE_CHOICE)
    .useValue(stores)
    .overrideProvider(CLOCK)
    .useValue(() => TEST_NOW)
    .overrideProvider(AUTH_SETTINGS)
    .useValue(settings)
    .overrideProvider(THROTTLE_SETTINGS)
    .useValue(options.throttle ?? { limit: 0, ttlSeconds: 60 })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  const credentials = app.get<CredentialStore>(CREDENTIAL_STORE);
  const jwtService = app.get(JwtService);

  const apiKey: TestApp['apiKey'] = async ({ roles, federations, name }) => {
    const { key, apiKey } = await issueApiKey(credentials, {
      name: name ?? `test ${roles.join('+')}`,
      roles,
      federationIds: federations,
      createdBy: 'test',
      now: TEST_NOW,
    });
    return { authorization: `ApiKey ${key}`, actor: `api-key:${apiKey.id}` };
  };
  const admin = await apiKey({ roles: ['admin'], name: 'test admin' });
  const as = (authorization: string) => request.agent(app.getHttpServer()).set('Authorization', authorization);

  return {
    app,
    http: () => as(admin.authorization),
    as,
    anonymous: () => request(app.getHttpServer()),
    adminActor: admin.actor,
    apiKey,
    jwt: ({ sub, roles, federations }, { expiresIn = 3600 } = {}) => ({
      authorization: `Bearer ${jwtService.sign(
        { roles, ...(federations ? { federations } : {}) },
        { secret: TEST_JWT.secret, subject: sub, issuer: TEST_JWT.issuer, audience: TEST_JWT.audience, expiresIn },
      )}`,
      actor: `user:${sub}`,
    }),
    store,
    credentials,
    logLength: () => store.headPosition(),
    async close() {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
      if (stores.READ_STORE === 'mongodb' && MONGODB_URL) await dropMongoDatabase(MONGODB_URL, stores.MONGODB_DATABASE);
    },
  };
}
