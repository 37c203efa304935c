import fc from 'fast-check';
import { canonicalJson } from '../../src/core/canonical-json';

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same bytes whatever order the keys were written in', () => {
    expect(canonicalJson({ amount: 8_500_000, fundId: 'social' })).toBe(
      canonicalJson({ fundId: 'social', amount: 8_500_000 }),
    );
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes Vietnamese text as JSON does, so it hashes the same everywhere', () => {
    expect(canonicalJson({ name: 'Công đoàn cơ sở Trường THCS Tản Lĩnh' })).toBe(
      '{"name":"Công đoàn cơ sở Trường THCS Tản Lĩnh"}',
    );
    expect(canonicalJson('tab\tquote"')).toBe('"tab\\tquote\\""');
  });

  it('reads a value as JSON would: undefined properties left out, Dates as ISO strings, NaN as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, NaN], c: new Date('2024-01-15T00:00:00Z') })).toBe(
      '{"b":[null,null],"c":"2024-01-15T00:00:00.000Z"}',
    );
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: BigInt(1) })).toThrow(TypeError);
  });

  it('is unchanged by a round trip through JSON, as an event is by the store (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
      }),
    );
  });

  it('does not depend on key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
      }),
    );
  });

  it('tells apart values that differ (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
        expect(canonicalJson(a) === canonicalJson(b)).toBe(same);
      }),
    );
  });
});

/** A second, naive way to the same form, to compare with. */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
