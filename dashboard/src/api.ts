/** The API, called as any client would, with the credential kept in sessionStorage only. */
const STORAGE_KEY = 'union-ledger.credential';

export interface Credential {
  kind: 'api-key' | 'bearer';
  secret: string;
}

export interface Principal {
  id: string;
  kind: string;
  name: string;
  roles: string[];
  federationIds: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function credential(): Credential | null {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return null;
  try {
    return JSON.parse(stored) as Credential;
  } catch {
    return null;
  }
}

export function storeCredential(value: Credential | null): void {
  if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** Called on a 401: the app shows the sign-in again. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const current = credential();
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const url = search.size > 0 ? `${path}?${search.toString()}` : path;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (current) headers.Authorization = `${current.kind === 'bearer' ? 'Bearer' : 'ApiKey'} ${current.secret}`;
  const response = await fetch(url, { headers });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  if (response.status === 401) {
    storeCredential(null);
    onUnauthorized();
  }
  if (!response.ok) throw new ApiError(response.status, messageOf(body) ?? response.statusText);
  return body as T;
}

function messageOf(body: unknown): string | null {
  if (typeof body === 'string') return body || null;
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return null;
}
