import { resolveListOptions } from '../../core/read-store.port';
import { aliveFilter, idRangeFilter, matchesWhere, whereFilter } from './mongo-version-rows';

describe('MongoDB read filters', () => {
  it('reads the current rows now, and the rows alive at a position otherwise', () => {
    expect(aliveFilter(null)).toEqual({ current: true });
    expect(aliveFilter(7)).toEqual({ knownFrom: { $lte: 7 }, knownUntil: { $not: { $lte: 7 } } });
  });

  it('turns a prefix and a resume point into one id range', () => {
    const range = (options: Parameters<typeof resolveListOptions>[0]) => idRangeFilter(resolveListOptions(options));
    expect(range({})).toEqual({});
    expect(range({ idPrefix: 'fed-1/' })).toEqual({ id: { $gte: 'fed-1/', $lt: 'fed-10' } });
    expect(range({ after: 'u2' })).toEqual({ id: { $gt: 'u2' } });
    expect(range({ idPrefix: 'a', after: 'ab' })).toEqual({ id: { $gte: 'a', $lt: 'b', $gt: 'ab' } });
    // No string follows every one starting with U+10FFFF: the range is open-ended.
    expect(range({ idPrefix: '\u{10FFFF}' })).toEqual({ id: { $gte: '\u{10FFFF}' } });
  });

  it('looks for the filtered values inside the stored document', () => {
    expect(whereFilter(resolveListOptions({ where: { federationId: 'ba-vi', 'period.year': 2024 } }).where)).toEqual({
      'doc.federationId': 'ba-vi',
      'doc.period.year': 2024,
    });
    expect(whereFilter([])).toEqual({});
  });

  it('decides equality as the port does: exact type, through plain objects only', () => {
    const where = (filter: Record<string, string | number | boolean>) => resolveListOptions({ where: filter }).where;
    const doc = { group: 'state', count: 5, open: false, period: { year: 2024 }, tags: ['state'], rows: [{ n: 1 }] };
    expect(matchesWhere(doc, where({ group: 'state', count: 5 }))).toBe(true);
    expect(matchesWhere(doc, where({ 'period.year': 2024, open: false }))).toBe(true);
    expect(matchesWhere(doc, where({ count: '5' }))).toBe(false);
    expect(matchesWhere(doc, where({ open: 0 }))).toBe(false);
    // MongoDB would match these (an array holding the value, a path through an array): the port does not.
    expect(matchesWhere(doc, where({ tags: 'state' }))).toBe(false);
    expect(matchesWhere(doc, where({ 'rows.n': 1 }))).toBe(false);
    expect(matchesWhere(doc, where({ missing: 'x' }))).toBe(false);
    expect(matchesWhere(doc, where({ 'group.length': 5 }))).toBe(false);
    expect(matchesWhere(doc, where({ constructor: 'x' }))).toBe(false);
    expect(matchesWhere(doc, [])).toBe(true);
  });
});
