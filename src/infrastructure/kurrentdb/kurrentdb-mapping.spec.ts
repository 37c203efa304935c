import {
  ANY,
  AppendConsistencyViolationError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  TimeoutError,
  TransactionMaxSizeExceededError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  AppendTooLargeError,
  EventStoreUnavailableError,
  type EventToAppend,
  WrongExpectedRevisionError,
} from '../../core/event-store.port';
import {
  claimRecord,
  fromStoredMetadata,
  isClaim,
  isSystemEvent,
  isTransientError,
  type KurrentResolvedEvent,
  positionOf,
  toAppendRecord,
  toAppendTooLarge,
  toUnavailable,
  toPortError,
  toPortPosition,
  toReadPosition,
  toStoredEvent,
  toStreamState,
  toWrongExpectedRevision,
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

  it('sends our metadata as one string property and reads it back exactly, as the server returns it', () => {
    const event: EventToAppend = {
      id: 'e7d7c1f0-0000-4000-8000-000000000001',
      type: 'MemberJoined',
      data: { a: 1 },
      metadata,
    };
    const { streamName, record } = toAppendRecord('member-1', event);
    expect(streamName).toBe('member-1');
    expect(record).toMatchObject({
      id: event.id,
      contentType: 'application/json',
      type: 'MemberJoined',
      data: { a: 1 },
    });
    // appendRecords takes string properties only: `causationId: null` could not go as it is.
    const properties = record.metadata as Record<string, unknown>;
    expect(Object.values(properties).every((value) => typeof value === 'string')).toBe(true);
    const asReturned = { ...properties, '$schema.format': 'Json', '$schema.name': 'MemberJoined' };
    expect(fromStoredMetadata(asReturned)).toEqual(metadata);
    // Events written before (appendToStream) carry their metadata as plain JSON.
    expect(fromStoredMetadata(metadata)).toEqual(metadata);
  });

  it('keeps id claims out of everything the ledger reads', () => {
    const claim = claimRecord('E7D7C1F0-0000-4000-8000-000000000001', { streamId: 'member-1', revision: 3 });
    expect(claim.streamName).toBe('ledger-event-id-e7d7c1f0-0000-4000-8000-000000000001');
    expect(claim.streamName.startsWith('$')).toBe(false);
    const recorded = { streamId: claim.streamName, type: claim.record.type };
    expect(isClaim(recorded)).toBe(true);
    expect(toStoredEvent(resolved({ ...recorded, data: claim.record.data, metadata: {} }))).toBeNull();
    expect(isClaim({ streamId: 'member-1', type: 'MemberJoined' })).toBe(false);
  });
});

describe('refusals of appendRecords', () => {
  it('names the first stream whose condition failed, in the order the port gave them', () => {
    const error = new AppendConsistencyViolationError(
      undefined as never,
      {
        violationsList: [
          { checkIndex: 3, streamState: { stream: 'b', expectedState: '-1', actualState: '4' } },
          { checkIndex: 2, streamState: { stream: 'a', expectedState: '7', actualState: '-1' } },
        ],
      } as never,
    );
    const streamChecks = new Map([
      [2, { streamId: 'a', expected: 7 as const }],
      [3, { streamId: 'b', expected: 'no_stream' as const }],
    ]);
    const mapped = toWrongExpectedRevision(error, streamChecks);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 'a', expected: 7, actual: 'no_stream' });
  });

  it('maps every size refusal (MaxAppendSize, transaction size, record size) to AppendTooLargeError', () => {
    const v1 = toAppendTooLarge(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576), ['s'], 2_000_000);
    expect(v1).toBeInstanceOf(AppendTooLargeError);
    expect(v1).toMatchObject({ streamIds: ['s'], bytes: 2_000_000, maxBytes: 1_048_576 });
    const v2 = toAppendTooLarge(
      new TransactionMaxSizeExceededError(undefined as never, { size: 1_500_000, maxSize: 1_048_576 }),
      ['s', 't'],
      1_400_000,
    );
    expect(v2).toMatchObject({ streamIds: ['s', 't'], bytes: 1_500_000, maxBytes: 1_048_576 });
    expect(toAppendTooLarge(new UnavailableError(), ['s'], 1)).toBeNull();
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

  it('counts a timeout, a cancellation by the server and a leader change as transient, an unclassified error not', () => {
    for (const error of [new DeadlineExceededError(), new TimeoutError(), new CancelledError()]) {
      expect(isTransientError(error)).toBe(true);
    }
    // NotLeaderError reads the new leader from the server's reply: its type is what the adapter sees.
    expect(isTransientError({ type: 'not-leader', leader: { host: 'node2', port: 2113 } })).toBe(true);
    expect(isTransientError(new UnknownError())).toBe(false);
    expect(isTransientError(Object.assign(new Error('2 UNKNOWN'), { code: 2 }))).toBe(false);
  });

  it("turns a transient error into the port's EventStoreUnavailableError, naming its kind only", () => {
    const mapped = toUnavailable(new UnavailableError(undefined, 'connect ECONNREFUSED 10.0.0.5:2113'));
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect((mapped as Error).message).not.toContain('10.0.0.5');
    expect(isTransientError(mapped)).toBe(true);
    const other = new RangeError('position past 2^53');
    expect(toUnavailable(other)).toBe(other);
  });
});
