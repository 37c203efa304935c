import { createPublicKey } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

/** How bearer tokens are checked; `null`: none are accepted, only API keys. */
export interface JwtSettings {
  /** The HS256 secret, or a PEM public key. */
  key: string;
  kind: 'secret' | 'public-key';
  algorithms: ('HS256' | 'RS256' | 'PS256' | 'ES256' | 'ES384' | 'ES512')[];
  issuer?: string;
  audience?: string;
}

export interface AuthSettings {
  jwt: JwtSettings | null;
}

/** Requests per window and client address; `limit: 0` turns limiting off. */
export interface ThrottleSettings {
  limit: number;
  ttlSeconds: number;
}

export const AUTH_SETTINGS = Symbol('AuthSettings');
export const THROTTLE_SETTINGS = Symbol('ThrottleSettings');

type AuthConfig = Pick<AppConfig, 'JWT_SECRET' | 'JWT_PUBLIC_KEY' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>;

/** The algorithms are fixed by the key, never taken from the token (no `none`, no HS/RS confusion). */
export function authSettingsFrom(config: AuthConfig): AuthSettings {
  const { JWT_SECRET: secret, JWT_PUBLIC_KEY: publicKey } = config;
  const checks = { issuer: config.JWT_ISSUER || undefined, audience: config.JWT_AUDIENCE || undefined };
  if (secret && publicKey) throw new Error('invalid configuration: set JWT_SECRET or JWT_PUBLIC_KEY, not both');
  if (secret) return { jwt: { key: secret, kind: 'secret', algorithms: ['HS256'], ...checks } };
  if (publicKey) {
    const type = createPublicKey(publicKey).asymmetricKeyType;
    if (type === 'rsa')
      return { jwt: { key: publicKey, kind: 'public-key', algorithms: ['RS256', 'PS256'], ...checks } };
    if (type === 'ec') {
      return { jwt: { key: publicKey, kind: 'public-key', algorithms: ['ES256', 'ES384', 'ES512'], ...checks } };
    }
    throw new Error(`invalid configuration: JWT_PUBLIC_KEY must be an RSA or EC key (got ${type})`);
  }
  return { jwt: null };
}
