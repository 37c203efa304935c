/**
 * Canonical JSON: one byte sequence per JSON value, so a hash over it can be recomputed by anyone, from a
 * database row, an export file or another implementation, and come out the same.
 *
 * - Object keys are sorted by UTF-16 code units (JavaScript's default string order), at every depth.
 * - No whitespace; strings and numbers are written as `JSON.stringify` writes them.
 * - A value reads the same before and after a round trip through JSON: properties whose value is
 *   `undefined` (or a function or symbol) are left out, such array items become `null`, non-finite numbers
 *   become `null`, and `toJSON()` is honoured (a `Date` becomes its ISO string). So an event hashed before it
 *   is stored hashes the same when it is read back.
 */
export function canonicalJson(value: unknown): string {
  const written = write(value);
  if (written === undefined) throw new TypeError('canonical JSON needs a JSON value, not undefined');
  return written;
}

function write(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON());
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      throw new TypeError('canonical JSON cannot hold a bigint');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
      return writeObject(value as Record<string, unknown>);
    default:
      return undefined;
  }
}

function writeObject(object: Record<string, unknown>): string {
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const written = write(object[key]);
    if (written !== undefined) members.push(`${JSON.stringify(key)}:${written}`);
  }
  return `{${members.join(',')}}`;
}
