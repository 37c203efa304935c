import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { validateConfig } from '../config/app-config';
import { InMemoryCredentialStore } from '../infrastructure/memory/in-memory-credential-store';
import { authSettingsFrom, type AuthSettings } from './auth-settings';
import { Authenticator } from './authenticator';
import { issueApiKey, revokeApiKey } from './credentials';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const jwt = new JwtService();
const now = new Date('2026-06-30T03:00:00Z');

function requestWith(headers: Record<string, string>): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { header: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function refusal(authenticator: Authenticator, headers: Record<string, string>): Promise<string> {
  try {
    await authenticator.authenticate(requestWith(headers));
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedException);
    return (error as UnauthorizedException).message;
  }
  throw new Error('expected a 401');
}

describe('authenticating a request', () => {
  const claims = { sub: 'clerk-ba-vi', roles: ['recorder'], federations: ['ba-vi'] };

  describe('with a bearer token signed with the configured secret', () => {
    const settings: AuthSettings = authSettingsFrom({ JWT_SECRET: SECRET, JWT_ISSUER: 'idp', JWT_AUDIENCE: 'ledger' });
    const authenticator = new Authenticator(jwt, new InMemoryCredentialStore(), settings);
    /** Signs with the test secret; `expiresIn: undefined` leaves the expiry out. */
    const sign = (payload: object, options: Record<string, unknown> = {}) => {
      const merged: Record<string, unknown> = {
        secret: SECRET,
        issuer: 'idp',
        audience: 'ledger',
        expiresIn: 600,
        ...options,
      };
      if (merged.expiresIn === undefined) delete merged.expiresIn;
      return jwt.sign(payload, merged);
    };

    it('accepts it and names the principal by its subject', async () => {
      const principal = await authenticator.authenticate(requestWith({ Authorization: `Bearer ${sign(claims)}` }));
      expect(principal).toEqual({
        id: 'user:clerk-ba-vi',
        kind: 'user',
        name: 'clerk-ba-vi',
        roles: ['recorder'],
        federationIds: ['ba-vi'],
      });
    });

    it('accepts the scheme in any case', async () => {
      await expect(
        authenticator.authenticate(requestWith({ Authorization: `bearer ${sign(claims)}` })),
      ).resolves.toMatchObject({
        id: 'user:clerk-ba-vi',
      });
    });

    it.each([
      [
        'an expired token',
        () => sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, { expiresIn: undefined }),
      ],
      [
        'another secret',
        () => jwt.sign(claims, { secret: `${SECRET}-other`, issuer: 'idp', audience: 'ledger', expiresIn: 600 }),
      ],
      ['another issuer', () => sign(claims, { issuer: 'someone-else' })],
      ['another audience', () => sign(claims, { audience: 'another-service' })],
      ['a token not yet valid', () => sign(claims, { notBefore: 3600 })],
      ['alg none', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: 9999999999 })}.`],
      [
        'a tampered payload',
        () => {
          const [header, , signature] = sign(claims).split('.');
          return `${header}.${base64url({ ...claims, roles: ['admin'], exp: 9999999999 })}.${signature}`;
        },
      ],
      ['garbage', () => 'not.a.token'],
    ])('refuses %s', async (_, token) => {
      expect(await refusal(authenticator, { Authorization: `Bearer ${token()}` })).toBe(
        'bearer token is not valid or has expired',
      );
    });

    it.each([
      ['no expiry', { ...claims }, { expiresIn: undefined }, 'must expire'],
      ['no subject', { roles: ['reader'] }, {}, 'sub'],
      ['an unknown role', { ...claims, roles: ['superuser'] }, {}, 'roles'],
      ['no roles', { sub: 'x' }, {}, 'roles'],
      ['roles that are not a list', { ...claims, roles: 'admin' }, {}, 'roles'],
      ['a malformed federation', { ...claims, federations: ['Ba Vì'] }, {}, 'federations'],
      ['a subject with control characters', { ...claims, sub: 'a\nb' }, {}, 'sub'],
    ])('refuses a valid signature over %s', async (_, payload, options, message) => {
      const token = sign(payload, options);
      expect(await refusal(authenticator, { Authorization: `Bearer ${token}` })).toContain(message);
    });
  });

  describe('with a bearer token checked against a public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const authenticator = new Authenticator(
      jwt,
      new InMemoryCredentialStore(),
      authSettingsFrom({ JWT_PUBLIC_KEY: publicPem }),
    );

    it('accepts a token the identity provider signed with RS256', async () => {
      const token = jwt.sign(claims, { privateKey, algorithm: 'RS256', expiresIn: 600 });
      await expect(
        authenticator.authenticate(requestWith({ Authorization: `Bearer ${token}` })),
      ).resolves.toMatchObject({
        id: 'user:clerk-ba-vi',
      });
    });

    it('refuses an HS256 token whose secret is the public key (algorithm confusion)', async () => {
      const header = base64url({ alg: 'HS256', typ: 'JWT' });
      const payload = base64url({ ...claims, roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 600 });
      const signature = createHmac('sha256', publicPem).update(`${header}.${payload}`).digest('base64url');
      expect(await refusal(authenticator, { Authorization: `Bearer ${header}.${payload}.${signature}` })).toBe(
        'bearer token is not valid or has expired',
      );
    });
  });

  it('refuses bearer tokens when no key is configured', async () => {
    const authenticator = new Authenticator(jwt, new InMemoryCredentialStore(), { jwt: null });
    const token = jwt.sign(claims, { secret: SECRET, expiresIn: 600 });
    expect(await refusal(authenticator, { Authorization: `Bearer ${token}` })).toContain('not accepted here');
  });

  it('refuses a configuration with both a secret and a public key, or a short secret', () => {
    expect(() => authSettingsFrom({ JWT_SECRET: SECRET, JWT_PUBLIC_KEY: 'x' })).toThrow('not both');
    // The message names the setting, never the secret's value.
    expect(() => validateConfig({ JWT_SECRET: 'too-short-secret' })).toThrow(/JWT_SECRET=\(hidden\): .*at least 32/);
    expect(() => validateConfig({ JWT_SECRET: 'too-short-secret' })).not.toThrow(/too-short-secret/);
  });

  describe('with an API key', () => {
    const store = new InMemoryCredentialStore();
    const authenticator = new Authenticator(jwt, store, { jwt: null });
    let key: string;
    let id: string;

    beforeAll(async () => {
      const issued = await issueApiKey(store, {
        name: 'Ba Vì clerk',
        roles: ['recorder'],
        federationIds: ['ba-vi'],
        createdBy: 'cli',
        now,
      });
      key = issued.key;
      id = issued.apiKey.id;
    });

    it('accepts it in Authorization or X-Api-Key, naming the principal by the key id', async () => {
      const expected = {
        id: `api-key:${id}`,
        kind: 'api-key',
        name: 'Ba Vì clerk',
        roles: ['recorder'],
        federationIds: ['ba-vi'],
      };
      expect(await authenticator.authenticate(requestWith({ Authorization: `ApiKey ${key}` }))).toEqual(expected);
      expect(await authenticator.authenticate(requestWith({ 'X-Api-Key': key }))).toEqual(expected);
    });

    it('refuses the right id with the wrong secret, an unknown id, and a malformed key alike', async () => {
      const wrongSecret = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      const unknownId = key.replace(/^ulk_[0-9a-f]{12}/, 'ulk_ffffffffffff');
      for (const candidate of [wrongSecret, unknownId, 'ulk_short', key.toUpperCase(), `${key}x`]) {
        expect(await refusal(authenticator, { Authorization: `ApiKey ${candidate}` })).toBe('API key is not valid');
      }
    });

    it('refuses two credentials at once, and an unknown scheme', async () => {
      expect(await refusal(authenticator, { Authorization: `ApiKey ${key}`, 'X-Api-Key': key })).toContain('not both');
      expect(
        await refusal(authenticator, { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }),
      ).toContain('Bearer');
      expect(await refusal(authenticator, {})).toContain('credentials required');
    });

    it('refuses a revoked key', async () => {
      await revokeApiKey(store, id, now, { keepLastAdmin: true });
      expect(await refusal(authenticator, { Authorization: `ApiKey ${key}` })).toBe('API key was revoked');
    });
  });
});
