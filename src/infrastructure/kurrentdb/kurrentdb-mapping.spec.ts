import { ANY, NO_STREAM, START, UnavailableError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import {
  DuplicateEventIdError,
  type EventToAppend,
  type StoredEvent,
  WrongExpectedRevisionError,
} from '../../core/event-store.port';
import {
  earlierAppend,
  isSystemEvent,
  isTransientError,
  type KurrentResolvedEvent,
  positionOf,
  toEventData,
  toPortError,
  toPortPosition,
  toReadPosition,
  toStoredEvent,
  toStreamState,
} from './kurrentdb-mapping';

const metadata = {
  occurredOn: '2024-01-15',
  recordedAt: '2024-01-16T02:00:00.000Z',
  actor: 'ke-toan',
  correlationId: 'c-1',
  causationId: null,
  hash: 'ab12',
  previousHash: '0000',
};

function resolved(overrides: Partial<NonNullable<KurrentResolvedEvent['event']>> = {}): KurrentResolvedEvent {
  return {
    event: {
      streamId: 'fund-social',
      id: '3f0b8c2e-1d2a-4c1b-9a57-0c1e2d3f4a5b',
      revision: 4n,
      type: 'SupportPaid',
      isJson: true,
      data: { amount: 8_500_000, purpose: 'Tết' },
      metadata,
      position: { commit: 12_345n, prepare: 12_345n },
      ...overrides,
    },
  };
}

describe('expected revision → KurrentDB stream state', () => {
  it('maps no_stream, any and a revision', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
  });

  it('refuses a revision that is not a non-negative integer', () => {
    expect(() => toStreamState(-1)).toThrow(RangeError);
    expect(() => toStreamState(1.5)).toThrow(RangeError);
  });
});

describe('client errors → port errors', () => {
  it('turns a wrong expected version into WrongExpectedRevisionError with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'member-1', expected: 5n, current: 2n });
    const mapped = toPortError(error, 'member-1', 5);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 'member-1', expected: 5, actual: 2 });
  });

  it("reports a missing stream as 'no_stream'", () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'member-2',
      expected: 0n,
      current: 'no_stream',
    });
    expect(toPortError(error, 'member-2', 0)).toMatchObject({ expected: 0, actual: 'no_stream' });
  });

  it('passes other errors through unchanged', () => {
    const other = new Error('boom');
    expect(toPortError(other, 's', 'any')).toBe(other);
  });
});

describe('positions', () => {
  it('converts commit positions up to 2^53 - 1', () => {
    expect(toPortPosition(0n)).toBe(0);
    expect(toPortPosition(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a commit position past the safe integers (and the "no position" sentinel)', () => {
    expect(() => toPortPosition(9_007_199_254_740_992n)).toThrow(/safe integer/);
    expect(() => toPortPosition(18_446_744_073_709_551_615n)).toThrow(/safe integer/);
  });

  it('reads from the start for 0, else from the position as commit and prepare', () => {
    expect(toReadPosition(0)).toBe(START);
    expect(toReadPosition(12_345)).toEqual({ commit: 12_345n, prepare: 12_345n });
  });

  it("takes the event's own position, else the resolved event's commit position", () => {
    expect(positionOf(resolved())).toBe(12_345);
    expect(positionOf({ ...resolved({ position: undefined }), commitPosition: 777n })).toBe(777);
    expect(() => positionOf(resolved({ position: undefined }))).toThrow(/without its \$all position/);
  });
});

describe('resolved events → StoredEvent', () => {
  it('keeps id, type, data and metadata exactly, with revision and position as numbers', () => {
    expect(toStoredEvent(resolved())).toEqual({
      id: '3f0b8c2e-1d2a-4c1b-9a57-0c1e2d3f4a5b',
      streamId: 'fund-social',
      type: 'SupportPaid',
      revision: 4,
      position: 12_345,
      data: { amount: 8_500_000, purpose: 'Tết' },
      metadata,
    });
  });

  it('filters out system events: $-types and $-streams', () => {
    expect(toStoredEvent(resolved({ type: '$metadata' }))).toBeNull();
    expect(toStoredEvent(resolved({ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' }))).toBeNull();
    expect(toStoredEvent({ commitPosition: 5n })).toBeNull();
    expect(isSystemEvent({ type: '$>', streamId: '$ce-fund' })).toBe(true);
    expect(isSystemEvent({ type: 'SupportPaid', streamId: 'fund-social' })).toBe(false);
  });

  it('refuses an event that is not JSON', () => {
    expect(() => toStoredEvent(resolved({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/not a JSON event/);
    expect(() => toStoredEvent(resolved({ metadata: undefined }))).toThrow(/JSON metadata/);
  });

  it('appends as a JSON event with our id, data and metadata', () => {
    const event: EventToAppend = {
      id: 'e7d7c1f0-0000-4000-8000-000000000001',
      type: 'MemberJoined',
      data: { a: 1 },
      metadata,
    };
    expect(toEventData(event)).toEqual({
      id: event.id,
      contentType: 'application/json',
      type: 'MemberJoined',
      data: { a: 1 },
      metadata,
    });
  });
});

describe('replayed appends', () => {
  const event = (id: string): EventToAppend => ({ id, type: 'T', data: {}, metadata });
  const stored = (id: string, revision: number, streamId = 's'): StoredEvent => ({
    ...event(id),
    streamId,
    revision,
    position: 1000 + revision * 100,
  });
  const stream = [stored('a', 0), stored('b', 1), stored('c', 2)];

  it('writes when none of the ids is stored', () => {
    expect(earlierAppend('s', [event('x'), event('y')], stream)).toBeNull();
  });

  it('returns the original result when the ids are stored as the same append', () => {
    expect(earlierAppend('s', [event('b'), event('c')], stream)).toEqual({
      streamId: 's',
      firstRevision: 1,
      lastRevision: 2,
      position: 1200,
    });
  });

  it('matches ids whatever their case (KurrentDB returns UUIDs lower-cased)', () => {
    expect(earlierAppend('s', [event('B')], stream)).toMatchObject({ firstRevision: 1, lastRevision: 1 });
  });

  it('refuses ids stored otherwise: partly, out of order, or not consecutive', () => {
    expect(() => earlierAppend('s', [event('x'), event('a')], stream)).toThrow(DuplicateEventIdError);
    expect(() => earlierAppend('s', [event('b'), event('a')], stream)).toThrow(DuplicateEventIdError);
    expect(() => earlierAppend('s', [event('a'), event('c')], stream)).toThrow(DuplicateEventIdError);
    expect(() => earlierAppend('s', [event('c'), event('z')], stream)).toThrow(
      expect.objectContaining({ eventId: 'c' }),
    );
  });
});

describe('transient errors', () => {
  it('counts a dropped connection as transient, a refusal as not', () => {
    expect(isTransientError(new UnavailableError())).toBe(true);
    expect(isTransientError(Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }))).toBe(true);
    expect(
      isTransientError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n })),
    ).toBe(false);
    expect(isTransientError(new RangeError('position past 2^53'))).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
  });
});
