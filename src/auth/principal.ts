/**
 * Who may do what. A role says which routes a principal may call; a recorder's federations say for
 * which part of the organisation it may record (those federations and every federation below them).
 */
export const ROLES = ['recorder', 'reader', 'auditor', 'finance-inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** An authenticated caller: a person holding a bearer token, or a machine client holding an API key. */
export interface Principal {
  /** Goes into every event it records as `metadata.actor`: `user:<sub>` or `api-key:<id>`. */
  id: string;
  kind: 'user' | 'api-key';
  /** A name for people reading audit trails (the key's name, or the token's subject). */
  name: string;
  roles: Role[];
  /** Federations a recorder may record for (with their descendants); empty for the other roles. */
  federationIds: string[];
}
