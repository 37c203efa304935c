import { fold } from '../../core/decider';
import type { StoredEvent } from '../../core/event-store.port';
import { type FundBookCommand, fundBookDecider } from '../../funds/fund-book';
import type { FundBookEvent } from '../../funds/funds.events';
import { dongJson, withDongJson } from './dong-amounts';
import { entryTrail } from './entry-trail';
import { conservation, trialBalance, verifiedFunds, verifiedTotals } from './fund-figures';
import { type FundBookLedger, fundLedgersFrom } from './fund-ledger';
import { resolveQuery, verifyBook, verifyFundEvents } from './fund-verification';
import { reconcileBook, type ReadModelBook } from './read-model-reconciliation';
import { isCalendarDate, previousDay } from './verification-dates';
import { activeDistrict } from '../../../test/support/decider-states';

const FED = 'hoan-kiem';
const federation = activeDistrict(FED, 'LĐLĐ quận Hoàn Kiếm', '1991-01-01');

type Unaddressed<C> = C extends unknown ? Omit<C, 'federationId'> : never;

/** A fund book kept by the real decider; each event gets the next log position. */
function book() {
  const events: StoredEvent[] = [];
  const domain: FundBookEvent[] = [];
  const api = {
    events,
    record(occurredOn: string, command: Unaddressed<FundBookCommand>, reason?: string) {
      const decided = fundBookDecider.decide(
        { ...command, federationId: FED } as FundBookCommand,
        fold(fundBookDecider, domain),
        { occurredOn, today: '2026-06-30' },
        { federation },
      );
      for (const event of decided) {
        domain.push(event);
        events.push(stored(event, events.length + 1, reason));
      }
      return api;
    },
  };
  return api;
}

function stored(
  event: FundBookEvent | { type: string; data: Record<string, unknown> },
  position: number,
  reason?: string,
) {
  const data = event.data as Record<string, unknown> & { occurredOn: string };
  return {
    id: `event-${position}`,
    streamId: `fundbook-${FED}`,
    revision: position - 1,
    position,
    type: event.type,
    data,
    metadata: {
      occurredOn: data.occurredOn,
      recordedAt: new Date(Date.UTC(2024, 0, 1, 0, position)).toISOString(),
      actor: 'ke-toan-hoan-kiem',
      correlationId: `c-${position}`,
      causationId: null,
      ...(reason ? { reason } : {}),
    },
  } satisfies StoredEvent;
}

const source = { kind: 'union' as const, id: null, name: null };
const recipient = { kind: 'workers' as const, id: null, name: null };

/** Social: 300M in, 242 × 1M out, 10M to housing; housing: 5M in, reversed; social's 20M adjusted by −2M. */
function hoanKiem() {
  return book()
    .record('2023-01-01', { type: 'OpenFund', fundId: 'social', kind: 'social', name: 'Quỹ xã hội' })
    .record('2023-01-01', { type: 'OpenFund', fundId: 'housing', kind: 'housing', name: 'Mái ấm Công đoàn' })
    .record('2023-01-05', {
      type: 'ReceiveContribution',
      entryId: 'c1',
      fundId: 'social',
      amount: 300_000_000,
      source: { kind: 'organisation', id: null, name: 'Công ty A' },
    })
    .record('2023-01-15', {
      type: 'PaySupport',
      entryId: 'p1',
      fundId: 'social',
      amount: 242_000_000,
      purpose: 'tet-gifts',
      recipient,
      recipients: 242,
      amountEach: 1_000_000,
    })
    .record('2023-02-10', { type: 'ReceiveContribution', entryId: 'c2', fundId: 'social', amount: 20_000_000, source })
    .record('2023-04-01', {
      type: 'TransferBetweenFunds',
      entryId: 't1',
      fromFundId: 'social',
      toFundId: 'housing',
      amount: 10_000_000,
    })
    .record('2023-05-01', { type: 'ReceiveContribution', entryId: 'c3', fundId: 'housing', amount: 5_000_000, source })
    .record('2023-06-30', { type: 'ClosePeriod', closedThrough: '2023-06-30' })
    .record(
      '2023-07-10',
      {
        type: 'CorrectEntry',
        entryId: 'x1',
        correctsEntryId: 'c3',
        kind: 'reversal',
        amountDelta: null,
        reason: 'trùng',
      },
      'trùng',
    )
    .record('2023-07-12', {
      type: 'CorrectEntry',
      entryId: 'x2',
      correctsEntryId: 'c2',
      kind: 'adjustment',
      amountDelta: -2_000_000,
      reason: 'sai số tiền',
    });
}

async function ledgerOf(events: Iterable<StoredEvent>): Promise<FundBookLedger> {
  return (await fundLedgersFrom(events)).get(FED)!;
}

describe('the independent fund ledger', () => {
  it('posts every entry as balanced double entries, a correction on the accounts of the entry it corrects', async () => {
    const ledger = await ledgerOf(hoanKiem().events);
    const postings = Object.fromEntries(
      ledger.journal.map((e) => [e.entryId, e.postings.map((p) => [p.account, Number(p.amount)])]),
    );
    expect(postings).toEqual({
      c1: [
        ['fund:social', 300_000_000],
        ['source:organisation', -300_000_000],
      ],
      p1: [
        ['purpose:tet-gifts', 242_000_000],
        ['fund:social', -242_000_000],
      ],
      c2: [
        ['fund:social', 20_000_000],
        ['source:union', -20_000_000],
      ],
      t1: [
        ['fund:housing', 10_000_000],
        ['fund:social', -10_000_000],
      ],
      c3: [
        ['fund:housing', 5_000_000],
        ['source:union', -5_000_000],
      ],
      x1: [
        ['fund:housing', -5_000_000],
        ['source:union', 5_000_000],
      ],
      x2: [
        ['fund:social', -2_000_000],
        ['source:union', 2_000_000],
      ],
    });
    expect(ledger.journal.find((e) => e.entryId === 'x1')).toMatchObject({
      kind: 'correction',
      basis: 'contribution',
      correctsEntryId: 'c3',
      correction: 'reversal',
      reason: 'trùng',
    });
    expect(ledger.findings).toEqual([]);
    expect(ledger.closedThrough).toBe('2023-06-30');
  });

  it('balances to zero on every date, and what the funds hold is what came in less what went out', async () => {
    const ledger = await ledgerOf(hoanKiem().events);
    for (const date of [
      '2022-12-31',
      '2023-01-05',
      '2023-01-15',
      '2023-04-01',
      '2023-07-10',
      '2023-07-12',
      '9999-12-31',
    ]) {
      const balance = trialBalance(ledger, date);
      expect(balance.total).toBe(0n);
      expect(balance.totalDebit).toBe(balance.totalCredit);
      expect(conservation(balance).holds).toBe(true);
    }
    expect(conservation(trialBalance(ledger))).toMatchObject({
      fundBalances: 76_000_000n,
      contributions: 318_000_000n,
      supportPaid: 242_000_000n,
    });
    expect(trialBalance(ledger, '2023-01-15').accounts).toEqual([
      { account: 'fund:social', balance: 58_000_000n },
      { account: 'purpose:tet-gifts', balance: 242_000_000n },
      { account: 'source:organisation', balance: -300_000_000n },
    ]);
  });

  it('gives each fund’s balance and flows by source and purpose for a date, and for a period', async () => {
    const ledger = await ledgerOf(hoanKiem().events);
    const [housing, social] = verifiedFunds(ledger, { from: null, to: '9999-12-31' });
    expect(social).toMatchObject({
      fundId: 'social',
      openingBalance: 0n,
      closingBalance: 66_000_000n,
      contributions: 318_000_000n,
      bySource: { organisation: 300_000_000n, union: 18_000_000n },
      supportPaid: 242_000_000n,
      byPurpose: { 'tet-gifts': 242_000_000n },
      recipients: 242,
      transfersOut: 10_000_000n,
      transfersIn: 0n,
    });
    expect(housing).toMatchObject({
      closingBalance: 10_000_000n,
      contributions: 0n,
      bySource: {},
      transfersIn: 10_000_000n,
    });

    const [housingQ2, socialQ2] = verifiedFunds(ledger, { from: '2023-04-01', to: '2023-06-30' });
    expect(socialQ2).toMatchObject({
      openingBalance: 78_000_000n,
      closingBalance: 68_000_000n,
      transfersOut: 10_000_000n,
    });
    expect(housingQ2).toMatchObject({ openingBalance: 0n, closingBalance: 15_000_000n, contributions: 5_000_000n });
    expect(verifiedTotals(FED, [housingQ2, socialQ2])).toMatchObject({
      openingBalance: 78_000_000n,
      closingBalance: 83_000_000n,
      contributions: 5_000_000n,
      supportPaid: 0n,
    });
    // Before a fund opened, it is not there at all.
    expect(verifiedFunds(ledger, { from: null, to: '2022-12-31' })).toEqual([]);
  });

  it('reads the books as they were known at a log position', async () => {
    const events = hoanKiem().events;
    const beforeAdjustment = events.find((e) => e.data.entryId === 'x2')!.position - 1;
    const ledger = (await fundLedgersFrom(events, { knownAt: beforeAdjustment })).get(FED)!;
    expect(verifiedFunds(ledger, { from: null, to: '9999-12-31' })[1].closingBalance).toBe(68_000_000n);
  });

  it('sums in bigint, exactly, beyond what a JS number holds to the đồng', async () => {
    // Built directly: folding 10,000 entries through the decider one command at a time is slow.
    const events = [
      stored(
        {
          type: 'FundOpened',
          data: { occurredOn: '2023-01-01', federationId: FED, fundId: 'f', kind: 'social', name: 'f' },
        },
        1,
      ),
    ];
    for (let i = 0; i < 10_000; i++) {
      const amount = i === 0 ? 1_000_000_000_000 - 1 : 1_000_000_000_000;
      const data = { occurredOn: '2023-01-02', federationId: FED, entryId: `c${i}`, fundId: 'f', amount, source };
      events.push(stored({ type: 'ContributionReceived', data }, i + 2));
    }
    const ledger = await ledgerOf(events);
    const total = verifiedFunds(ledger, { from: null, to: '9999-12-31' })[0].contributions;
    // 10^16 − 1 đ: a JS number would round it.
    expect(total).toBe(9_999_999_999_999_999n);
    expect(dongJson(total)).toBe('9999999999999999');
    expect(dongJson(58_000_000n)).toBe(58_000_000);
    expect(withDongJson({ a: [1n, { b: 2n }], c: 'x' })).toEqual({ a: [1, { b: 2 }], c: 'x' });
  });

  it('counts its own calendar days', () => {
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
    expect(previousDay('2023-03-01')).toBe('2023-02-28');
    expect(previousDay('2024-01-01')).toBe('2023-12-31');
    expect(previousDay('2000-03-01')).toBe('2000-02-29');
    expect(previousDay('1900-03-01')).toBe('1900-02-28');
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2024-13-01')).toBe(false);
  });
});

describe('what the verifier finds in events the write side should never have recorded', () => {
  /** The Hoàn Kiếm book with one event changed, as someone editing the store directly would. */
  async function findingsAfter(change: (events: StoredEvent[]) => StoredEvent[]) {
    const ledger = await ledgerOf(change(hoanKiem().events.map((e) => ({ ...e, data: { ...e.data } }))));
    return ledger.findings.map((f) => [f.rule, f.entryId]);
  }
  const edit = (entryId: string, data: Record<string, unknown>) => (events: StoredEvent[]) =>
    events.map((e) => (e.data.entryId === entryId ? { ...e, data: { ...e.data, ...data } } : e));
  const append = (type: string, data: Record<string, unknown>) => (events: StoredEvent[]) => [
    ...events,
    stored({ type, data: { federationId: FED, ...data } }, events.length + 1),
  ];

  it('finds nothing in a sound book', async () => {
    expect(await findingsAfter((events) => events)).toEqual([]);
  });

  it('an entry dated in a closed period', async () => {
    expect(
      await findingsAfter(
        append('ContributionReceived', {
          occurredOn: '2023-06-01',
          entryId: 'late',
          fundId: 'social',
          amount: 1,
          source,
        }),
      ),
    ).toEqual([['verify.entry-in-closed-period', 'late']]);
  });

  it('a payment that overdraws its fund', async () => {
    expect(await findingsAfter(edit('p1', { amount: 400_000_000, recipients: 400 }))).toEqual([
      ['verify.fund-overdrawn', 'p1'],
    ]);
  });

  it('recipients × amount each that does not make the amount', async () => {
    expect(await findingsAfter(edit('p1', { amount: 241_000_000 }))).toEqual([
      ['verify.recipients-times-amount-each', 'p1'],
    ]);
  });

  it('a reversal that does not take back what remained, and a correction misdescribing its entry', async () => {
    expect(await findingsAfter(edit('x1', { amountDelta: -4_000_000 }))).toEqual([['verify.reversal-amount', 'x1']]);
    expect(
      await findingsAfter(
        edit('x2', {
          corrects: {
            kind: 'contribution',
            fromFundId: null,
            toFundId: 'housing',
            category: 'union',
            recipientsDelta: 0,
          },
        }),
      ),
    ).toEqual([['verify.correction-misdescribes-entry', 'x2']]);
  });

  it('a correction of an entry the book does not hold, or without a reason', async () => {
    expect(await findingsAfter(edit('x2', { correctsEntryId: 'ghost' }))).toEqual([
      ['verify.unknown-corrected-entry', 'x2'],
    ]);
    expect(await findingsAfter(edit('x2', { reason: ' ' }))).toEqual([['verify.correction-without-reason', 'x2']]);
  });

  it('an entry into a fund never opened, or before it opened', async () => {
    expect(await findingsAfter(edit('c2', { fundId: 'nowhere' }))).toEqual([
      ['verify.unknown-fund', 'c2'],
      // Its adjustment still says it was in the social fund.
      ['verify.correction-misdescribes-entry', 'x2'],
    ]);
    expect(
      await findingsAfter(
        append('ContributionReceived', { occurredOn: '2023-08-01', entryId: 'c9', fundId: 'later', amount: 1, source }),
      ),
    ).toEqual([['verify.unknown-fund', 'c9']]);
  });

  it('an amount that is not a whole number of đồng, a reused entry id, dates that disagree', async () => {
    expect(await findingsAfter(edit('c2', { amount: 1.5 }))).toEqual([
      ['verify.malformed-event', 'c2'],
      ['verify.unknown-corrected-entry', 'x2'],
    ]);
    expect(await findingsAfter(edit('c2', { entryId: 'c1' }))).toEqual([
      ['verify.entry-id-reused', 'c1'],
      // x2 now corrects an entry that is not there.
      ['verify.unknown-corrected-entry', 'x2'],
    ]);
    expect(await findingsAfter(edit('c2', { occurredOn: '2023-02-11' }))).toEqual([['verify.date-mismatch', 'c2']]);
  });

  it('an event of another federation filed in this book, and a closing that closes nothing new', async () => {
    expect(await findingsAfter(edit('c2', { federationId: 'ba-vi' }))).toEqual([['verify.wrong-book', 'c2']]);
    expect(
      await findingsAfter(append('PeriodClosed', { occurredOn: '2023-08-01', closedThrough: '2023-05-31' })),
    ).toEqual([['verify.period-closed-twice', null]]);
  });

  it('a reopening without a reason', async () => {
    expect(
      await findingsAfter(
        append('PeriodReopened', { occurredOn: '2023-08-01', reopenedFrom: '2023-06-01', reason: '' }),
      ),
    ).toEqual([['verify.reopened-without-reason', null]]);
  });
});

describe('reconciling with the read model', () => {
  /** What a correct funds read model answers about the Hoàn Kiếm book, in its own conventions. */
  function readModel(): ReadModelBook {
    const flows = { supportPaid: 0, recipients: 0 };
    return {
      federationId: FED,
      funds: [
        {
          fundId: 'housing',
          balance: 10_000_000,
          inflow: 10_000_000,
          outflow: 0,
          ...flows,
          transfersIn: 10_000_000,
          transfersOut: 0,
          inflowBySource: { transfer: 10_000_000 },
          outflowByPurpose: {},
        },
        {
          fundId: 'social',
          balance: 66_000_000,
          inflow: 318_000_000,
          outflow: 252_000_000,
          supportPaid: 242_000_000,
          recipients: 242,
          transfersIn: 0,
          transfersOut: 10_000_000,
          inflowBySource: { organisation: 300_000_000, union: 18_000_000 },
          outflowByPurpose: { 'tet-gifts': 242_000_000, transfer: 10_000_000 },
        },
      ],
      totals: {
        balance: 76_000_000,
        inflow: 318_000_000,
        outflow: 242_000_000,
        supportPaid: 242_000_000,
        recipients: 242,
        inflowBySource: { organisation: 300_000_000, union: 18_000_000 },
        outflowByPurpose: { 'tet-gifts': 242_000_000 },
      },
      period: null,
      ledger: null,
    };
  }
  async function reconcile(read: ReadModelBook) {
    const ledger = await ledgerOf(hoanKiem().events);
    const query = resolveQuery({});
    return reconcileBook(ledger, verifyBook(ledger, query), read, query.asOf);
  }

  it('finds no difference when every figure agrees', async () => {
    expect(await reconcile(readModel())).toEqual([]);
  });

  it('reports a figure that differs, to the đồng, with the entries behind it', async () => {
    const read = readModel();
    read.funds[1].inflowBySource.union = 20_000_000;
    const [difference, ...others] = await reconcile(read);
    expect(others).toEqual([]);
    expect(difference).toMatchObject({
      fundId: 'social',
      scope: 'as-of',
      figure: 'inflowBySource.union',
      verified: 18_000_000n,
      readModel: 20_000_000n,
      difference: 2_000_000n,
      eventsBehind: 2,
    });
    // The contribution and its adjustment: what an inspector opens next.
    expect(difference.events.map((e) => [e.entryId, e.amount])).toEqual([
      ['c2', 20_000_000n],
      ['x2', -2_000_000n],
    ]);
  });

  it('reports a fund the read model lacks or invents, and a figure that is not a whole number', async () => {
    const read = readModel();
    read.funds = [
      { ...read.funds[1], fundId: 'phantom' },
      { ...read.funds[1], balance: 66_000_000.5 },
    ];
    const differences = await reconcile(read);
    expect(differences.map((d) => [d.fundId, d.figure, d.readModel, d.note !== null])).toEqual([
      ['housing', 'fund', null, true],
      ['social', 'balance', null, true],
      ['phantom', 'fund', 66_000_000n, true],
    ]);
  });

  it('pins a ledger line that differs from its event, or that no event holds', async () => {
    const ledger = await ledgerOf(hoanKiem().events);
    const query = resolveQuery({});
    const read = readModel();
    read.ledger = ledger.journal.flatMap((entry) =>
      entry.postings
        .filter((p) => p.account.startsWith('fund:'))
        .map((p) => ({
          fundId: p.account.slice(5),
          entryId: entry.entryId,
          occurredOn: entry.occurredOn,
          amount: Number(p.amount),
        })),
    );
    expect(reconcileBook(ledger, verifyBook(ledger, query), read, query.asOf)).toEqual([]);
    read.ledger[0].amount += 1;
    read.ledger.push({ fundId: 'social', entryId: 'ghost', occurredOn: '2023-03-03', amount: 5 });
    read.ledger.splice(1, 1);
    expect(
      reconcileBook(ledger, verifyBook(ledger, query), read, query.asOf).map((d) => [d.figure, d.difference]),
    ).toEqual([
      ['2023-01-05:c1', 1n],
      ['2023-03-03:ghost', 5n],
      ['2023-01-15:p1', 242_000_000n],
    ]);
  });
});

describe('the whole verification and the trail of an entry', () => {
  it('is sound for a sound log, and says which positions it read', async () => {
    const events = hoanKiem().events;
    const verification = await verifyFundEvents(events, { asOf: '2023-06-30', from: '2023-04-01' });
    expect(verification).toMatchObject({
      asOf: '2023-06-30',
      from: '2023-04-01',
      to: '2023-06-30',
      eventsRead: events.length,
      sound: true,
      trialBalance: { total: 0n },
    });
    expect(verification.books[0].period!.funds.map((f) => f.closingBalance)).toEqual([15_000_000n, 68_000_000n]);
    expect(() => resolveQuery({ from: '2023-05-01', to: '2023-04-01' })).toThrow(RangeError);
    expect(() => resolveQuery({ asOf: '2023-02-30' })).toThrow(RangeError);
  });

  it('follows an entry through its corrections, by its id or a correction’s', async () => {
    const ledger = await ledgerOf(hoanKiem().events);
    const trail = entryTrail(ledger, 'x1')!;
    expect(trail).toMatchObject({
      entryId: 'c3',
      requested: 'x1',
      kind: 'contribution',
      original: { amount: 5_000_000n, amountAfter: 5_000_000n, recordedBy: 'ke-toan-hoan-kiem' },
      corrections: [{ entryId: 'x1', kind: 'reversal', amount: -5_000_000n, amountAfter: 0n, reason: 'trùng' }],
      amountNow: 0n,
      reversed: true,
    });
    expect(trail.corrections[0].knownBefore).toBe(trail.corrections[0].position - 1);
    expect(entryTrail(ledger, 'p1')).toMatchObject({ corrections: [], amountNow: 242_000_000n, recipients: 242 });
    expect(entryTrail(ledger, 'nope')).toBeNull();
  });
});
