import { DuplicateEventIdError } from './event-store.port';
import { testEvent as event } from './event-store.test-support';
import { assertValidAppends, replayOf, type StoredAt } from './multi-append';

const at = (streamId: string, revision: number): StoredAt => ({ streamId, revision, position: 1000 + revision * 100 });

describe('a multi-append found again', () => {
  const appends = [
    { streamId: 's', expectedRevision: 0 as const, events: [event('b'), event('c')] },
    { streamId: 'g', expectedRevision: 4 as const, events: [] },
  ];

  it('is written when none of its ids is stored', () => {
    expect(replayOf(appends, [[undefined, undefined], []])).toBeNull();
  });

  it('returns the original results when every id is stored as this same append', () => {
    expect(replayOf(appends, [[at('s', 1), at('s', 2)], []])).toEqual({
      position: 1200,
      streams: [{ streamId: 's', firstRevision: 1, lastRevision: 2, position: 1200 }, null],
    });
  });

  it('refuses ids stored otherwise: partly, in another stream, out of order, or not consecutive', () => {
    expect(() => replayOf(appends, [[undefined, at('s', 2)], []])).toThrow(expect.objectContaining({ eventId: 'c' }));
    expect(() => replayOf(appends, [[at('t', 1), at('t', 2)], []])).toThrow(DuplicateEventIdError);
    expect(() => replayOf(appends, [[at('s', 2), at('s', 1)], []])).toThrow(DuplicateEventIdError);
    expect(() => replayOf(appends, [[at('s', 1), at('s', 3)], []])).toThrow(expect.objectContaining({ eventId: 'c' }));
  });

  it('refuses a request no store can honour', () => {
    expect(() => assertValidAppends([])).toThrow(/at least one/);
    expect(() => assertValidAppends([appends[0], { ...appends[1], streamId: 's' }])).toThrow(/twice/);
    expect(() =>
      assertValidAppends([appends[0], { streamId: 't', expectedRevision: 'any', events: [event('B')] }]),
    ).toThrow(expect.objectContaining({ name: 'DuplicateEventIdError', eventId: 'B' }));
  });
});
