import { fold } from '../../src/core/decider';
import type { StoredEvent } from '../../src/core/event-store.port';
import { namespaceOf } from '../../src/core/projection';
import { type ProjectionReader, projectionReader } from '../../src/core/projection-reader';
import { type FundBookCommand, fundBookDecider } from '../../src/funds/fund-book';
import { type FundBookEvent, fundBookStream } from '../../src/funds/funds.events';
import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import { noFlows } from '../../src/funds/fund-flows';
import { fundsProjection } from './funds.projection';
import { federationFunds, fundFigures, fundFlows, ledgerPage, fundsOf } from './funds.queries';
import { activeDistrict } from '../../test/support/decider-states';

const FED = 'hoan-kiem';
const federation = activeDistrict(FED, 'LĐLĐ quận Hoàn Kiếm', '1991-01-01');

/**
 * A fund book kept by the real decider, so the events carry exactly what the write side records;
 * each recorded event gets the next log position, whatever its business date.
 */
function fundBook() {
  const events: StoredEvent<FundBookEvent>[] = [];
  const domainEvents: FundBookEvent[] = [];
  return {
    events,
    /** Records a command dated `occurredOn`; returns the position of its (last) event. */
    record(occurredOn: string, command: FundBookCommand, reason?: string): number {
      const decided = fundBookDecider.decide(
        command,
        fold(fundBookDecider, domainEvents),
        { occurredOn, today: '2026-06-30' },
        { federation },
      );
      for (const event of decided) {
        domainEvents.push(event);
        const position = events.length + 1;
        events.push({
          id: `event-${position}`,
          streamId: fundBookStream(FED),
          revision: position - 1,
          position,
          ...event,
          metadata: {
            occurredOn,
            recordedAt: new Date(Date.UTC(2021, 0, 1, 0, position)).toISOString(),
            actor: 'ke-toan-hoan-kiem',
            correlationId: `correlation-${position}`,
            causationId: null,
            ...(reason ? { reason } : {}),
          },
        });
      }
      return events.length;
    },
  };
}

async function projected(events: readonly StoredEvent[]): Promise<ProjectionReader> {
  const store = new InMemoryReadStore();
  const namespace = namespaceOf(fundsProjection);
  await store.prepare(namespace, fundsProjection);
  await store.applyBatch(namespace, fundsProjection, events);
  await store.setLiveNamespace(fundsProjection.name, namespace);
  return projectionReader(store, fundsProjection.name);
}

/**
 * Hoàn Kiếm's social fund and housing fund ("Mái ấm Công đoàn") through 2020:
 *   social  01-10 +58,000,000 (unions)   01-15 +300,000,000 (organisations)   01-20 −242 × 1,000,000 (Tết gifts)
 *           02-10 +10,000,000 (individual, recorded late)   03-01 → 20,000,000 to housing
 *           05-01 adjustment of the 01-15 contribution by −5,000,000   07-01 transfer adjusted by −2,000,000
 *   housing 04-01 −17 × 500,000 (emergency)   06-01 that payment reversed
 */
function hoanKiem2020() {
  const book = fundBook();
  const open = (fundId: string, kind: 'social' | 'housing', name: string) =>
    book.record('2020-01-01', { type: 'OpenFund', federationId: FED, fundId, kind, name });
  const contribution = (
    occurredOn: string,
    entryId: string,
    amount: number,
    kind: 'union' | 'organisation' | 'individual',
  ) =>
    book.record(occurredOn, {
      type: 'ReceiveContribution',
      federationId: FED,
      entryId,
      fundId: 'social',
      amount,
      source: { kind, id: null, name: `giver of ${entryId}` },
    });

  open('social', 'social', 'Quỹ xã hội');
  open('housing', 'housing', 'Quỹ Mái ấm Công đoàn');
  contribution('2020-01-10', 'c1', 58_000_000, 'union');
  contribution('2020-01-15', 'c2', 300_000_000, 'organisation');
  book.record('2020-01-20', {
    type: 'PaySupport',
    federationId: FED,
    entryId: 'p1',
    fundId: 'social',
    amount: 242_000_000,
    purpose: 'tet-gifts',
    recipient: { kind: 'member', id: null, name: 'Đoàn viên khó khăn' },
    recipients: 242,
    amountEach: 1_000_000,
  });
  book.record('2020-03-01', {
    type: 'TransferBetweenFunds',
    federationId: FED,
    entryId: 't1',
    fromFundId: 'social',
    toFundId: 'housing',
    amount: 20_000_000,
  });
  const beforeLateContribution = book.record('2020-04-01', {
    type: 'PaySupport',
    federationId: FED,
    entryId: 'p2',
    fundId: 'housing',
    amount: 8_500_000,
    purpose: 'emergency',
    recipient: { kind: 'workers', id: null, name: 'Người lao động gặp khó khăn' },
    recipients: 17,
    amountEach: 500_000,
  });
  const lateContribution = contribution('2020-02-10', 'c3', 10_000_000, 'individual');
  const beforeAdjustment = lateContribution;
  const adjustment = book.record('2020-05-01', {
    type: 'CorrectEntry',
    federationId: FED,
    entryId: 'k1',
    correctsEntryId: 'c2',
    kind: 'adjustment',
    amountDelta: -5_000_000,
    reason: 'Ghi nhầm số tiền, chứng từ số 15/PT',
  });
  book.record('2020-06-01', {
    type: 'CorrectEntry',
    federationId: FED,
    entryId: 'k2',
    correctsEntryId: 'p2',
    kind: 'reversal',
    amountDelta: null,
    reason: 'Chi trùng với quỹ xã hội phường',
  });
  book.record('2020-07-01', {
    type: 'CorrectEntry',
    federationId: FED,
    entryId: 'k3',
    correctsEntryId: 't1',
    kind: 'adjustment',
    amountDelta: -2_000_000,
    reason: 'Chuyển thừa 2.000.000 đ',
  });
  return { events: book.events, beforeLateContribution, lateContribution, beforeAdjustment, adjustment };
}

describe('funds projection and queries', () => {
  const history = hoanKiem2020();
  let reader: ProjectionReader;
  beforeAll(async () => {
    reader = await projected(history.events);
  });

  const balance = async (fundId: string, asOf: string, knownAt?: number) =>
    (await fundFigures(reader, FED, fundId, { asOf, knownAt }))?.balance;

  describe('contributions and payments', () => {
    it('adds contributions by source and takes payments of recipients × amount each by purpose', async () => {
      expect(await fundFigures(reader, FED, 'social', { asOf: '2020-01-31' })).toEqual({
        federationId: FED,
        fundId: 'social',
        name: 'Quỹ xã hội',
        kind: 'social',
        openedOn: '2020-01-01',
        balance: 116_000_000,
        inflow: 358_000_000,
        outflow: 242_000_000,
        supportPaid: 242_000_000,
        recipients: 242,
        transfersIn: 0,
        transfersOut: 0,
        inflowBySource: { union: 58_000_000, organisation: 300_000_000 },
        outflowByPurpose: { 'tet-gifts': 242_000_000 },
      });
      expect(await fundFigures(reader, FED, 'housing', { asOf: '2020-04-01' })).toMatchObject({
        balance: 11_500_000,
        supportPaid: 8_500_000,
        recipients: 17,
        outflowByPurpose: { emergency: 8_500_000 },
      });
    });

    it('has no figures for a fund before it was opened, nor for an unknown fund', async () => {
      expect(await fundFigures(reader, FED, 'social', { asOf: '2019-12-31' })).toBeNull();
      expect(await fundFigures(reader, FED, 'poverty')).toBeNull();
      expect(await fundFigures(reader, 'ba-vi', 'social')).toBeNull();
    });

    it('keeps every figure a whole number of đồng', async () => {
      const { totals, funds } = await federationFunds(reader, FED);
      for (const figures of [totals, ...funds]) {
        const amounts = [
          figures.balance,
          figures.inflow,
          figures.outflow,
          figures.supportPaid,
          ...Object.values(figures.inflowBySource),
          ...Object.values(figures.outflowByPurpose),
        ];
        for (const amount of amounts) expect(Number.isSafeInteger(amount)).toBe(true);
      }
    });
  });

  describe('transfers between two funds', () => {
    it('move the two balances and leave the federation’s totals as they were', async () => {
      expect(await balance('social', '2020-02-29')).toBe(126_000_000);
      expect(await balance('social', '2020-03-01')).toBe(106_000_000);
      expect(await balance('housing', '2020-02-29')).toBe(0);
      expect(await balance('housing', '2020-03-01')).toBe(20_000_000);

      const before = await federationFunds(reader, FED, { asOf: '2020-02-29' });
      const after = await federationFunds(reader, FED, { asOf: '2020-03-01' });
      expect(after.totals).toEqual(before.totals);
      expect(after.totals).toMatchObject({ balance: 126_000_000, inflow: 368_000_000, outflow: 242_000_000 });
      expect(after.funds.map((f) => [f.fundId, f.balance])).toEqual([
        ['housing', 20_000_000],
        ['social', 106_000_000],
      ]);
    });

    it('show in each fund as a transfer out and a transfer in', async () => {
      expect(await fundFigures(reader, FED, 'social', { asOf: '2020-03-01' })).toMatchObject({
        transfersOut: 20_000_000,
        outflowByPurpose: { 'tet-gifts': 242_000_000, transfer: 20_000_000 },
      });
      expect(await fundFigures(reader, FED, 'housing', { asOf: '2020-03-01' })).toMatchObject({
        transfersIn: 20_000_000,
        inflow: 20_000_000,
        inflowBySource: { transfer: 20_000_000 },
        supportPaid: 0,
      });
    });

    it('a corrected transfer moves both funds back and the federation not at all', async () => {
      expect(await balance('social', '2020-07-01')).toBe((await balance('social', '2020-06-30'))! + 2_000_000);
      expect(await balance('housing', '2020-07-01')).toBe((await balance('housing', '2020-06-30'))! - 2_000_000);
      const before = await federationFunds(reader, FED, { asOf: '2020-06-30' });
      const after = await federationFunds(reader, FED, { asOf: '2020-07-01' });
      expect(after.totals).toEqual(before.totals);
      expect(await fundFigures(reader, FED, 'housing', { asOf: '2020-07-01' })).toMatchObject({
        transfersIn: 18_000_000,
      });
    });
  });

  describe('corrections', () => {
    it('an adjustment changes the balance from its own date on, not before', async () => {
      expect(await balance('social', '2020-04-30')).toBe(106_000_000);
      expect(await balance('social', '2020-05-01')).toBe(101_000_000);
      expect(await fundFigures(reader, FED, 'social', { asOf: '2020-05-01' })).toMatchObject({
        inflow: 363_000_000,
        inflowBySource: { organisation: 295_000_000 },
      });
    });

    it('a reversal of a payment gives the money back and takes its recipients off', async () => {
      expect(await fundFigures(reader, FED, 'housing', { asOf: '2020-05-31' })).toMatchObject({
        balance: 11_500_000,
        recipients: 17,
      });
      const reversed = await fundFigures(reader, FED, 'housing', { asOf: '2020-06-01' });
      expect(reversed).toMatchObject({ balance: 20_000_000, supportPaid: 0, recipients: 0 });
      expect(reversed?.outflowByPurpose).toEqual({});
      expect((await federationFunds(reader, FED)).totals).toMatchObject({ supportPaid: 242_000_000, recipients: 242 });
    });

    it('as known before the correction, the figure is the one before it', async () => {
      expect(await balance('social', '2020-12-31', history.beforeAdjustment)).toBe(106_000_000);
      expect(await balance('social', '2020-12-31', history.adjustment)).toBe(101_000_000);
      expect(await balance('social', '2020-12-31')).toBe(103_000_000);
    });
  });

  describe('a contribution recorded late, dated earlier', () => {
    it('changes the balances from its date on, and not before it', async () => {
      expect(await balance('social', '2020-02-09')).toBe(116_000_000);
      expect(await balance('social', '2020-02-10')).toBe(126_000_000);
      expect(await balance('social', '2020-04-30')).toBe(106_000_000);
    });

    it('was not there as known before it was recorded', async () => {
      const knownAt = history.beforeLateContribution;
      expect(await balance('social', '2020-04-30', knownAt)).toBe(96_000_000);
      expect(await balance('social', '2020-04-30', history.lateContribution)).toBe(106_000_000);
      expect((await federationFunds(reader, FED, { asOf: '2020-04-30', knownAt })).totals.inflow).toBe(358_000_000);
    });
  });

  describe('flows over a period', () => {
    it('are the difference between the end of the period and the day before it', async () => {
      expect(await fundFlows(reader, FED, 'social', '2020-02-01', '2020-05-31')).toEqual({
        federationId: FED,
        fundId: 'social',
        from: '2020-02-01',
        to: '2020-05-31',
        openingBalance: 116_000_000,
        closingBalance: 101_000_000,
        inflow: 5_000_000,
        outflow: 20_000_000,
        supportPaid: 0,
        recipients: 0,
        transfersIn: 0,
        transfersOut: 20_000_000,
        inflowBySource: { individual: 10_000_000, organisation: -5_000_000 },
        outflowByPurpose: { transfer: 20_000_000 },
      });
    });

    it('count the recipients reached in the period, including the period’s first day', async () => {
      expect(await fundFlows(reader, FED, 'social', '2020-01-20', '2020-01-20')).toMatchObject({
        openingBalance: 358_000_000,
        closingBalance: 116_000_000,
        recipients: 242,
        supportPaid: 242_000_000,
      });
      expect(await fundFlows(reader, FED, 'housing', '2020-04-01', '2020-04-30')).toMatchObject({ recipients: 17 });
      const reversedWithin = await fundFlows(reader, FED, 'housing', '2020-04-01', '2020-06-30');
      expect(reversedWithin).toMatchObject({ recipients: 0, supportPaid: 0 });
      expect(reversedWithin?.outflowByPurpose).toEqual({});
    });

    it('start from zero for a fund opened within the period, and are null for a fund not open at its end', async () => {
      expect(await fundFlows(reader, FED, 'housing', '2019-06-01', '2020-03-31')).toMatchObject({
        openingBalance: 0,
        closingBalance: 20_000_000,
        inflow: 20_000_000,
      });
      expect(await fundFlows(reader, FED, 'housing', '2019-01-01', '2019-12-31')).toBeNull();
    });

    it('answer as known at a position', async () => {
      const flows = await fundFlows(reader, FED, 'social', '2020-02-01', '2020-05-31', history.beforeLateContribution);
      expect(flows).toMatchObject({ inflow: 0, closingBalance: 96_000_000 });
      expect(flows?.inflowBySource).toEqual({});
    });

    it('refuse a period that ends before it starts', async () => {
      await expect(fundFlows(reader, FED, 'social', '2020-05-01', '2020-04-30')).rejects.toThrow(RangeError);
    });
  });

  describe('ledger lines', () => {
    it('list a fund’s lines in date order, whatever the order they were recorded in, each with who and why', async () => {
      const { lines, next } = await ledgerPage(reader, FED, 'social');
      expect(next).toBeNull();
      expect(lines.map((l) => [l.occurredOn, l.entryId, l.line, l.amount])).toEqual([
        ['2020-01-10', 'c1', 'contribution', 58_000_000],
        ['2020-01-15', 'c2', 'contribution', 300_000_000],
        ['2020-01-20', 'p1', 'payment', -242_000_000],
        ['2020-02-10', 'c3', 'contribution', 10_000_000],
        ['2020-03-01', 't1', 'transfer-out', -20_000_000],
        ['2020-05-01', 'k1', 'correction', -5_000_000],
        ['2020-07-01', 'k3', 'correction', 2_000_000],
      ]);
      expect(lines[2]).toMatchObject({
        category: 'tet-gifts',
        recipients: 242,
        amountEach: 1_000_000,
        counterparty: { kind: 'member', id: null, name: 'Đoàn viên khó khăn' },
        recordedBy: 'ke-toan-hoan-kiem',
        correction: null,
        correctsEntryId: null,
      });
      expect(lines[5]).toEqual(
        expect.objectContaining({
          correction: 'adjustment',
          correctsEntryId: 'c2',
          category: 'organisation',
          reason: 'Ghi nhầm số tiền, chứng từ số 15/PT',
          recordedBy: 'ke-toan-hoan-kiem',
          recordedAt: expect.stringMatching(/^2021-01-01T/),
        }),
      );
    });

    it('sum to the balance', async () => {
      for (const fundId of ['social', 'housing']) {
        const { lines } = await ledgerPage(reader, FED, fundId, { to: '2020-06-15' });
        const sum = lines.reduce((total, line) => total + line.amount, 0);
        expect(sum).toBe(await balance(fundId, '2020-06-15'));
      }
    });

    it('show a reversal as its own line on its own date, the payment’s line kept', async () => {
      const { lines } = await ledgerPage(reader, FED, 'housing');
      expect(lines.map((l) => [l.occurredOn, l.entryId, l.line, l.amount, l.recipients])).toEqual([
        ['2020-03-01', 't1', 'transfer-in', 20_000_000, 0],
        ['2020-04-01', 'p2', 'payment', -8_500_000, 17],
        ['2020-06-01', 'k2', 'correction', 8_500_000, -17],
        ['2020-07-01', 'k3', 'correction', -2_000_000, 0],
      ]);
      expect(lines[2]).toMatchObject({ correction: 'reversal', correctsEntryId: 'p2', category: 'emergency' });
    });

    it('are filtered to a period and paged with a cursor', async () => {
      const first = await ledgerPage(reader, FED, 'social', { from: '2020-01-15', to: '2020-05-01', limit: 2 });
      expect(first.lines.map((l) => l.entryId)).toEqual(['c2', 'p1']);
      expect(first.next).toBe(`${FED}:social:2020-01-20:p1`);
      const second = await ledgerPage(reader, FED, 'social', {
        from: '2020-01-15',
        to: '2020-05-01',
        limit: 2,
        after: first.next!,
      });
      expect(second.lines.map((l) => l.entryId)).toEqual(['c3', 't1']);
      const last = await ledgerPage(reader, FED, 'social', {
        from: '2020-01-15',
        to: '2020-05-01',
        limit: 2,
        after: second.next!,
      });
      expect(last).toEqual({ lines: [expect.objectContaining({ entryId: 'k1' })], next: null });
    });

    it('leave out a line recorded after the position asked', async () => {
      const { lines } = await ledgerPage(reader, FED, 'social', { knownAt: history.beforeLateContribution });
      expect(lines.map((l) => l.entryId)).toEqual(['c1', 'c2', 'p1', 't1']);
    });

    it('refuse a bad page size, a cursor of another fund and a period that ends before it starts', async () => {
      await expect(ledgerPage(reader, FED, 'social', { limit: 0 })).rejects.toThrow(RangeError);
      await expect(ledgerPage(reader, FED, 'social', { limit: 501 })).rejects.toThrow(RangeError);
      await expect(ledgerPage(reader, FED, 'social', { after: `${FED}:housing:2020-03-01:t1` })).rejects.toThrow(
        /not a position in the ledger/,
      );
      await expect(ledgerPage(reader, FED, 'social', { from: '2020-02-01', to: '2020-01-01' })).rejects.toThrow(
        RangeError,
      );
    });
  });

  describe('conservation', () => {
    /** Recomputed from the events alone: contributions − payments, with their corrections; transfers cancel. */
    function heldOn(date: string, knownAt = Infinity): number {
      let held = 0;
      for (const event of history.events) {
        if (event.metadata.occurredOn > date || event.position > knownAt) continue;
        if (event.type === 'ContributionReceived') held += event.data.amount;
        if (event.type === 'SupportPaid') held -= event.data.amount;
        if (event.type === 'EntryCorrected' && event.data.corrects.kind === 'contribution') {
          held += event.data.amountDelta;
        }
        if (event.type === 'EntryCorrected' && event.data.corrects.kind === 'payment') {
          held -= event.data.amountDelta;
        }
      }
      return held;
    }

    it.each([
      '2019-12-31',
      '2020-01-10',
      '2020-01-20',
      '2020-02-10',
      '2020-03-01',
      '2020-05-01',
      '2020-06-01',
      '2020-12-31',
    ])(
      'the fund balances add up to what the events imply on %s, as known now and before the late entries',
      async (asOf) => {
        for (const knownAt of [undefined, history.beforeLateContribution, history.adjustment]) {
          const funds = await fundsOf(reader, FED, { asOf, knownAt });
          const sum = funds.reduce((total, fund) => total + fund.balance, 0);
          const expected = heldOn(asOf, knownAt);
          expect(sum).toBe(expected);
          expect((await federationFunds(reader, FED, { asOf, knownAt })).totals.balance).toBe(expected);
        }
      },
    );

    it('the federation’s totals are contributions in and support out, net of corrections', async () => {
      expect((await federationFunds(reader, FED)).totals).toEqual({
        balance: 121_000_000,
        inflow: 363_000_000,
        outflow: 242_000_000,
        supportPaid: 242_000_000,
        recipients: 242,
        inflowBySource: { union: 58_000_000, organisation: 295_000_000, individual: 10_000_000 },
        outflowByPurpose: { 'tet-gifts': 242_000_000 },
      });
    });
  });

  it('a federation with no fund has zero totals and no funds', async () => {
    const zero = noFlows();
    expect(await federationFunds(reader, 'ba-vi')).toEqual({
      federationId: 'ba-vi',
      totals: zero,
      own: zero,
      children: [],
      funds: [],
    });
  });
});
