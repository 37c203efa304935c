import { NotFound, RuleBroken } from '../core/domain-error';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN } from '../http/recorded-fact.dto';
import { generateApiKey } from './api-keys';
import type { ApiKeyRecord, CredentialStore } from './credential-store.port';
import { isRole, type Role } from './principal';
import { freeTextProblem } from '../http/free-text';

/** What creating a key asks for; shared by the command line and the admin routes. */
export interface ApiKeyRequest {
  name: string;
  roles: readonly string[];
  federationIds?: readonly string[];
  /** A principal id, or `cli`. */
  createdBy: string;
  now: Date;
}

/** An API key as shown to admins: never its hash. */
export type ApiKeyView = Omit<ApiKeyRecord, 'keyHash'>;

export function viewOf({ keyHash: _hidden, ...view }: ApiKeyRecord): ApiKeyView {
  return view;
}

/** Creates a key and stores its hash; the key itself is returned once and never again. */
export async function issueApiKey(
  store: CredentialStore,
  request: ApiKeyRequest,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  // The command line reaches here without the HTTP validation: the same free-text rules, stored in NFC.
  const name = request.name.normalize('NFC').trim();
  if (name.length < 1 || name.length > 200) {
    throw new RuleBroken('credential.name-invalid', 'name must be 1 to 200 characters: say who or what holds the key');
  }
  const problem = freeTextProblem('name', name);
  if (problem) throw new RuleBroken('credential.name-invalid', problem);
  const roles = [...new Set(request.roles)];
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new RuleBroken(
      'credential.roles-invalid',
      `roles must name at least one of recorder, reader, auditor, finance-inspector, admin` +
        (unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''),
    );
  }
  const federationIds = [...new Set(request.federationIds ?? [])];
  const malformed = federationIds.filter((id) => !ENTITY_ID_PATTERN.test(id));
  if (malformed.length > 0) {
    throw new RuleBroken(
      'credential.federations-invalid',
      `each federation id ${ENTITY_ID_MESSAGE}: ${malformed.join(', ')}`,
    );
  }
  if (roles.includes('recorder') && federationIds.length === 0) {
    throw new RuleBroken(
      'credential.recorder-without-federations',
      'a recorder key must name the federations it records for (their descendants are included)',
    );
  }
  if (!roles.includes('recorder') && federationIds.length > 0) {
    throw new RuleBroken(
      'credential.federations-without-recorder',
      'federations scope what a recorder may record; give them only with the recorder role',
    );
  }

  const issued = generateApiKey();
  const record: ApiKeyRecord = {
    id: issued.id,
    name,
    roles: roles as Role[],
    federationIds,
    keyHash: issued.keyHash,
    createdAt: request.now.toISOString(),
    createdBy: request.createdBy,
    revokedAt: null,
  };
  await store.addApiKey(record);
  return { key: issued.key, apiKey: viewOf(record) };
}

export async function activeAdminKeys(store: CredentialStore): Promise<ApiKeyRecord[]> {
  return (await store.listApiKeys()).filter((key) => key.revokedAt === null && key.roles.includes('admin'));
}

/**
 * Revokes a key at once: the next request made with it answers 401. Over HTTP the last active admin
 * key cannot be revoked, so an operator never locks the service out of its own administration.
 */
export async function revokeApiKey(
  store: CredentialStore,
  id: string,
  now: Date,
  options: { keepLastAdmin: boolean },
): Promise<ApiKeyView> {
  const existing = await store.findApiKey(id);
  if (!existing) throw new NotFound('API key', id);
  if (existing.revokedAt !== null) {
    throw new RuleBroken('credential.already-revoked', `API key '${id}' was already revoked on ${existing.revokedAt}`);
  }
  if (options.keepLastAdmin && existing.roles.includes('admin')) {
    const admins = await activeAdminKeys(store);
    if (admins.length <= 1) {
      throw new RuleBroken(
        'credential.last-admin',
        `API key '${id}' is the last active admin key; create another admin key before revoking it`,
      );
    }
  }
  const outcome = await store.revokeApiKey(id, now.toISOString());
  if (outcome === 'not-found') throw new NotFound('API key', id);
  if (outcome === 'already-revoked') {
    throw new RuleBroken('credential.already-revoked', `API key '${id}' was already revoked`);
  }
  return viewOf((await store.findApiKey(id))!);
}
