import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { ENTITY_ID_PATTERN } from '../http/recorded-fact.dto';
import { apiKeyId, apiKeyMatches } from './api-keys';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';
import { CREDENTIAL_STORE, type CredentialStore } from './credential-store.port';
import { isRole, type Principal } from './principal';

/** A hash no key has, compared against when the key id is unknown, so both failures take the same time. */
const NO_SUCH_KEY = '0'.repeat(64);
const SUBJECT = /^[\p{L}\p{N}._@:+-]{1,200}$/u;

/** Turns the credentials on a request into a principal, or refuses with 401. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly jwt: JwtService,
    @Inject(CREDENTIAL_STORE) private readonly credentials: CredentialStore,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async authenticate(request: Request): Promise<Principal> {
    const authorization = request.header('authorization');
    const apiKeyHeader = request.header('x-api-key');
    if (authorization !== undefined && apiKeyHeader !== undefined) {
      throw unauthorized('send one credential: Authorization or X-Api-Key, not both');
    }
    if (apiKeyHeader !== undefined) return this.apiKey(apiKeyHeader.trim());
    if (authorization === undefined) {
      throw unauthorized(
        'credentials required: Authorization: Bearer <token>, Authorization: ApiKey <key> or X-Api-Key',
      );
    }
    const match = /^(Bearer|ApiKey)[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!match) throw unauthorized('Authorization must be "Bearer <token>" or "ApiKey <key>"');
    return match[1].toLowerCase() === 'bearer' ? this.bearer(match[2]) : this.apiKey(match[2]);
  }

  private async apiKey(key: string): Promise<Principal> {
    const id = apiKeyId(key);
    const record = id === null ? null : await this.credentials.findApiKey(id);
    const matches = apiKeyMatches(key, record?.keyHash ?? NO_SUCH_KEY);
    if (!record || !matches) throw unauthorized('API key is not valid');
    if (record.revokedAt !== null) throw unauthorized('API key was revoked');
    return {
      id: `api-key:${record.id}`,
      kind: 'api-key',
      name: record.name,
      roles: record.roles,
      federationIds: record.federationIds,
    };
  }

  private async bearer(token: string): Promise<Principal> {
    const jwt = this.settings.jwt;
    if (!jwt) throw unauthorized('bearer tokens are not accepted here (no JWT key is configured); use an API key');
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        ...(jwt.kind === 'secret' ? { secret: jwt.key } : { publicKey: jwt.key }),
        algorithms: jwt.algorithms,
        issuer: jwt.issuer,
        audience: jwt.audience,
        clockTolerance: 5,
      });
    } catch {
      // Which check failed (signature, expiry, issuer…) is for the logs of the issuer, not for the caller.
      throw unauthorized('bearer token is not valid or has expired');
    }
    return principalFromClaims(claims);
  }
}

/** Claims `sub`, `roles`, `federations`, and an expiry: a token that never expires is refused. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const { sub, roles, federations, exp } = claims;
  if (typeof exp !== 'number') throw unauthorized('bearer token must expire (exp claim)');
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) throw unauthorized('bearer token has no valid sub claim');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw unauthorized('bearer token roles claim must list known roles');
  }
  const federationIds = federations ?? [];
  if (
    !Array.isArray(federationIds) ||
    !federationIds.every((f) => typeof f === 'string' && ENTITY_ID_PATTERN.test(f))
  ) {
    throw unauthorized('bearer token federations claim must list federation ids');
  }
  return {
    id: `user:${sub}`,
    kind: 'user',
    name: sub,
    roles: [...new Set(roles)],
    federationIds: [...new Set(federationIds as string[])],
  };
}

function unauthorized(message: string): UnauthorizedException {
  return new UnauthorizedException(message);
}
