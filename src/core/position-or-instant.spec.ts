import { parsePositionOrInstant, positionOf } from './position-or-instant';

describe('a position or an instant', () => {
  it.each([
    [0, { position: 0 }],
    [1234, { position: 1234 }],
    ['1234', { position: 1234 }],
    ['2024-01-15T00:00+07:00', { instant: '2024-01-14T17:00:00.000Z' }],
    ['2024-01-15T08:30:15.250Z', { instant: '2024-01-15T08:30:15.250Z' }],
  ])('reads %p', (value, point) => {
    expect(parsePositionOrInstant(value)).toEqual(point);
  });

  it.each([-1, 1.5, 'yesterday', '2024-01-15', '2024-02-30T00:00Z', '2024-01-15T24:00Z', '2024-01-15T10:00', null])(
    'refuses %p',
    (value) => {
      expect(parsePositionOrInstant(value)).toBeNull();
    },
  );

  it('turns an instant into the last position recorded at or before it, with one error wording', async () => {
    const events = { positionAt: (instant: string) => Promise.resolve(instant < '2024-01-01' ? 3 : 9) };
    await expect(positionOf('knownAt', '2024-06-01T00:00Z', events)).resolves.toBe(9);
    await expect(positionOf('knownAt', '17', events)).resolves.toBe(17);
    await expect(positionOf('until', 'last-week', events)).rejects.toThrow(
      "until must be a log position (a whole number, 0 or more) or an ISO-8601 instant with a time zone, not 'last-week'",
    );
  });
});
