import fc from 'fast-check';
import { fundsProjection } from '../../projections/funds/funds.projection';
import { fold } from '../../src/core/decider';
import { DomainError } from '../../src/core/domain-error';
import type { StoredEvent } from '../../src/core/event-store.port';
import { namespaceOf } from '../../src/core/projection';
import { projectionReader } from '../../src/core/projection-reader';
import { balanceOn, type FundBookCommand, fundBookDecider } from '../../src/funds/fund-book';
import { type FundBookEvent, SOURCE_KINDS, SUPPORT_PURPOSES } from '../../src/funds/funds.events';
import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import type { FederationState } from '../../src/organisation/federation';
import { readModelBook } from '../../src/verification/funds-verification.service';
import { conservation, trialBalance, verifiedFunds } from '../../src/verification/funds/fund-figures';
import { fundLedgersFrom } from '../../src/verification/funds/fund-ledger';
import { resolveQuery, verifyBook } from '../../src/verification/funds/fund-verification';
import { reconcileBook } from '../../src/verification/funds/read-model-reconciliation';

/**
 * Conservation of money, for random fund histories: at every business date the funds together hold exactly
 * what was contributed less what was paid out (each net of its corrections), the double-entry trial balance
 * is zero, and the funds read model agrees with the independent verifier figure by figure. The histories
 * are made by the real decider, so they are ones the service could record: contributions, payments of
 * N × amountEach, transfers, reversals, adjustments, entries back-dated among each other, closed periods.
 */
const FED = 'hoan-kiem';
const federation: FederationState = {
  status: 'active',
  id: FED,
  name: 'LĐLĐ quận Hoàn Kiếm',
  level: 'district',
  parentId: 'ha-noi',
  registeredOn: '1991-01-01',
  endedOn: null,
  clusters: {},
};
const FUNDS = ['social', 'housing', 'poverty'] as const;
/** A short span of dates, so that entries share days and land before and after one another. */
const DATES = Array.from({ length: 20 }, (_, i) => `2023-03-${String(i + 1).padStart(2, '0')}`);
/** Every date asked about: the day before anything, each day, and long after. */
const ASKED = ['2023-02-28', ...DATES, '2024-12-31'];

type Step =
  | { kind: 'open'; fund: number; date: number }
  | { kind: 'contribute'; fund: number; amount: number; source: number; date: number }
  | { kind: 'pay'; fund: number; recipients: number; amountEach: number; purpose: number; date: number }
  | { kind: 'transfer'; from: number; to: number; amount: number; date: number }
  | { kind: 'reverse'; target: number; date: number }
  | { kind: 'adjust'; target: number; delta: number; date: number }
  | { kind: 'close'; date: number }
  | { kind: 'reopen'; date: number };

const fund = fc.integer({ min: 0, max: FUNDS.length - 1 });
const date = fc.integer({ min: 0, max: DATES.length - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('open' as const), fund, date }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('contribute' as const),
      fund,
      // Now and then an amount near the per-entry cap, so sums run far past millions.
      amount: fc.oneof(fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: 1, max: 1_000_000_000_000 })),
      source: fc.nat(SOURCE_KINDS.length - 1),
      date,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      fund,
      recipients: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 40 })),
      amountEach: fc.integer({ min: 1, max: 2_000_000 }),
      purpose: fc.nat(SUPPORT_PURPOSES.length - 1),
      date,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      from: fund,
      to: fund,
      amount: fc.integer({ min: 1, max: 30_000_000 }),
      date,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), target: fc.nat(), date }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      target: fc.nat(),
      delta: fc.integer({ min: -20_000_000, max: 20_000_000 }).filter((d) => d !== 0),
      date,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), date }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), date }) },
);

/** Turns steps into commands and records what the decider accepts; refusals are simply not recorded. */
function history(steps: readonly Step[]): StoredEvent[] {
  const domain: FundBookEvent[] = [];
  const stored: StoredEvent[] = [];
  const entries: string[] = [];
  const record = (occurredOn: string, command: FundBookCommand, reason?: string) => {
    let decided: FundBookEvent[];
    try {
      decided = fundBookDecider.decide(
        command,
        fold(fundBookDecider, domain),
        { occurredOn, today: '2026-06-30' },
        { federation },
      );
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    for (const event of decided) {
      domain.push(event);
      const position = stored.length + 1;
      stored.push({
        id: `event-${position}`,
        streamId: `fundbook-${FED}`,
        revision: position - 1,
        position,
        type: event.type,
        data: event.data,
        metadata: {
          occurredOn,
          recordedAt: new Date(Date.UTC(2023, 3, 1, 0, position)).toISOString(),
          actor: 'ke-toan-hoan-kiem',
          correlationId: `correlation-${position}`,
          causationId: null,
          ...(reason ? { reason } : {}),
        },
      });
      if ('entryId' in event.data && event.type !== 'EntryCorrected') entries.push(event.data.entryId);
    }
  };
  // Two funds open from the start; the third may open later, by a step.
  record('2023-03-01', { type: 'OpenFund', federationId: FED, fundId: 'social', kind: 'social', name: 'Quỹ xã hội' });
  record('2023-03-01', { type: 'OpenFund', federationId: FED, fundId: 'housing', kind: 'housing', name: 'Mái ấm' });
  // Money to start with, so that most payments and transfers find something to spend.
  for (const [fundId, amount] of [
    ['social', 300_000_000],
    ['housing', 100_000_000],
  ] as const) {
    record('2023-03-01', {
      type: 'ReceiveContribution',
      federationId: FED,
      entryId: `start-${fundId}`,
      fundId,
      amount,
      source: { kind: 'federation', id: 'ha-noi', name: null },
    });
  }

  steps.forEach((s, i) => {
    const occurredOn = DATES[s.date];
    const entryId = `e${i}`;
    const target = () => entries[(s as { target: number }).target % Math.max(entries.length, 1)] ?? 'none';
    switch (s.kind) {
      case 'open':
        return record(occurredOn, {
          type: 'OpenFund',
          federationId: FED,
          fundId: FUNDS[s.fund],
          kind: 'poverty',
          name: FUNDS[s.fund],
        });
      case 'contribute':
        return record(occurredOn, {
          type: 'ReceiveContribution',
          federationId: FED,
          entryId,
          fundId: FUNDS[s.fund],
          amount: s.amount,
          source: { kind: SOURCE_KINDS[s.source], id: null, name: null },
        });
      case 'pay':
        return record(occurredOn, {
          type: 'PaySupport',
          federationId: FED,
          entryId,
          fundId: FUNDS[s.fund],
          amount: s.recipients * s.amountEach,
          purpose: SUPPORT_PURPOSES[s.purpose],
          recipient: { kind: 'workers', id: null, name: null },
          recipients: s.recipients,
          amountEach: s.recipients === 1 ? null : s.amountEach,
        });
      case 'transfer':
        return record(occurredOn, {
          type: 'TransferBetweenFunds',
          federationId: FED,
          entryId,
          fromFundId: FUNDS[s.from],
          toFundId: FUNDS[s.to],
          amount: s.amount,
        });
      case 'reverse':
        return record(occurredOn, {
          type: 'CorrectEntry',
          federationId: FED,
          entryId,
          correctsEntryId: target(),
          kind: 'reversal',
          amountDelta: null,
          reason: 'ghi trùng',
        });
      case 'adjust':
        return record(occurredOn, {
          type: 'CorrectEntry',
          federationId: FED,
          entryId,
          correctsEntryId: target(),
          kind: 'adjustment',
          amountDelta: s.delta,
          reason: 'sai số tiền',
        });
      case 'close':
        return record(occurredOn, {
          type: 'ClosePeriod',
          federationId: FED,
          closedThrough: DATES[Math.max(s.date - 6, 0)],
        });
      case 'reopen':
        return record(occurredOn, {
          type: 'ReopenPeriod',
          federationId: FED,
          reopenedFrom: DATES[Math.max(s.date - 5, 0)],
          reason: 'bổ sung chứng từ',
        });
    }
  });
  return stored;
}

/** Contributions less payments, each with its corrections, dated up to `asOf`: summed straight off the events. */
function netInflow(events: readonly StoredEvent[], asOf: string): bigint {
  let net = 0n;
  for (const { type, data } of events) {
    if ((data.occurredOn as string) > asOf) continue;
    if (type === 'ContributionReceived') net += BigInt(data.amount as number);
    if (type === 'SupportPaid') net -= BigInt(data.amount as number);
    if (type === 'EntryCorrected') {
      const corrected = (data.corrects as { kind: string }).kind;
      if (corrected === 'contribution') net += BigInt(data.amountDelta as number);
      if (corrected === 'payment') net -= BigInt(data.amountDelta as number);
    }
  }
  return net;
}

describe('conservation of money in random fund histories', () => {
  it('holds at every date, balances to zero, and the read model agrees with the verifier', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 50, size: 'max' }), fc.nat(), async (steps, seed) => {
        const events = history(steps);
        const ledger = (await fundLedgersFrom(events)).get(FED)!;
        expect(ledger.findings).toEqual([]);

        // The funds read model, applied with the in-memory store.
        const store = new InMemoryReadStore();
        const namespace = namespaceOf(fundsProjection);
        await store.prepare(namespace, fundsProjection);
        await store.applyBatch(
          namespace,
          fundsProjection,
          events.filter((e) => fundsProjection.eventTypes.includes(e.type)),
        );
        await store.setLiveNamespace(fundsProjection.name, namespace);
        const reader = projectionReader(store, fundsProjection.name);
        const state = fold(
          fundBookDecider,
          events.map((e) => ({ type: e.type, data: e.data }) as FundBookEvent),
        );

        for (const asOf of ASKED) {
          const balance = trialBalance(ledger, asOf);
          expect(balance.total).toBe(0n);
          const funds = verifiedFunds(ledger, { from: null, to: asOf });
          const held = funds.reduce((sum, f) => sum + f.closingBalance, 0n);
          // Three witnesses of the same sum: the verifier's funds, the events summed plainly, the write side's state.
          expect(held).toBe(netInflow(events, asOf));
          expect(conservation(balance)).toMatchObject({ fundBalances: held, holds: true });
          const decided = Object.values(state.funds).reduce((sum, f) => sum + BigInt(balanceOn(f, asOf)), 0n);
          expect(decided).toBe(held);

          // A period ending on this date, starting on a date the seed picks.
          const from = DATES[seed % DATES.length];
          const query = resolveQuery(from <= asOf ? { asOf, from } : { asOf });
          const verification = verifyBook(ledger, query);
          const periodFunds = verification.period?.funds.map((f) => f.fundId) ?? null;
          const readModel = await readModelBook(reader, FED, query, undefined, periodFunds);
          expect(reconcileBook(ledger, verification, readModel, query.asOf)).toEqual([]);
        }

        // As known at a position part-way through the history, the two agree as well.
        const knownAt = events.length > 0 ? (seed % events.length) + 1 : 0;
        const earlier = (await fundLedgersFrom(events, { knownAt })).get(FED)!;
        const latest = resolveQuery({});
        const readEarlier = await readModelBook(reader, FED, latest, knownAt, null);
        expect(reconcileBook(earlier, verifyBook(earlier, latest), readEarlier, latest.asOf)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
