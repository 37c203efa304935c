import { fold } from '../core/decider';
import { MAX_AMOUNT_DONG } from '../core/money';
import type { MemberState } from '../membership/member';
import type { FederationState } from '../organisation/federation';
import type { UnionState } from '../organisation/union';
import { spec } from '../../test/support/decider-spec';
import { balanceOn, findEntry, type FundBookCommand, fundBookDecider } from './fund-book';
import type { FundBookEvent } from './funds.events';

const hoanKiem: FederationState = {
  status: 'active',
  id: 'hoan-kiem',
  name: 'LĐLĐ quận Hoàn Kiếm',
  level: 'district',
  parentId: 'ha-noi',
  registeredOn: '1990-01-01',
  endedOn: null,
  clusters: {},
};
/** The union and member the entries name, on record since long before any entry here. */
const cd017: UnionState = {
  status: 'active',
  id: 'cd-017',
  name: 'CĐCS 017',
  sector: 'public-service',
  federationId: 'hoan-kiem',
  foundedOn: '1995-01-01',
  dissolvedOn: null,
  lastArrival: null,
  lastTransferOn: null,
};
const dv1: MemberState = { status: 'member', id: 'dv-1', unionId: 'cd-017', since: '2000-01-01', forgotten: false };
const lookups = { federation: hoanKiem, union: cd017, member: dv1 };
const federationId = 'hoan-kiem';

// Events, as the fund book of Hoàn Kiếm would hold them.
const opened = (fundId: string, occurredOn = '2020-01-01'): FundBookEvent => ({
  type: 'FundOpened',
  data: { occurredOn, federationId, fundId, kind: 'social', name: `Quỹ ${fundId}` },
});
const contributed = (entryId: string, fundId: string, amount: number, occurredOn: string): FundBookEvent => ({
  type: 'ContributionReceived',
  data: { occurredOn, federationId, entryId, fundId, amount, source: { kind: 'union', id: 'cd-017', name: null } },
});
const paid = (
  entryId: string,
  fundId: string,
  amount: number,
  occurredOn: string,
  recipients = 1,
  amountEach: number | null = null,
): FundBookEvent => ({
  type: 'SupportPaid',
  data: {
    occurredOn,
    federationId,
    entryId,
    fundId,
    amount,
    purpose: 'hardship',
    recipient: { kind: 'member', id: 'dv-1', name: null },
    recipients,
    amountEach,
  },
});
const transferred = (
  entryId: string,
  fromFundId: string,
  toFundId: string,
  amount: number,
  occurredOn: string,
): FundBookEvent => ({
  type: 'FundTransferred',
  data: { occurredOn, federationId, entryId, fromFundId, toFundId, amount },
});
const corrected = (
  entryId: string,
  correctsEntryId: string,
  kind: 'reversal' | 'adjustment',
  fundId: string,
  amountDelta: number,
  occurredOn: string,
): FundBookEvent => ({
  type: 'EntryCorrected',
  data: {
    occurredOn,
    federationId,
    entryId,
    correctsEntryId,
    kind,
    fundId,
    amountDelta,
    reason: 'sai chứng từ',
    // What the corrected entry was; checked on its own below, matched loosely elsewhere.
    corrects: expect.any(Object),
  },
});

// Commands.
const openFund = (fundId = 'social'): FundBookCommand => ({
  type: 'OpenFund',
  federationId,
  fundId,
  kind: 'social',
  name: `Quỹ ${fundId}`,
});
const receive = (amount: number, changes: Partial<FundBookCommand> = {}): FundBookCommand =>
  ({
    type: 'ReceiveContribution',
    federationId,
    entryId: 'new',
    fundId: 'social',
    amount,
    source: { kind: 'union', id: 'cd-017', name: null },
    ...changes,
  }) as FundBookCommand;
const pay = (amount: number, changes: Partial<Extract<FundBookCommand, { type: 'PaySupport' }>> = {}) =>
  ({
    type: 'PaySupport',
    federationId,
    entryId: 'new',
    fundId: 'social',
    amount,
    purpose: 'hardship',
    recipient: { kind: 'member', id: 'dv-1', name: null },
    recipients: 1,
    amountEach: null,
    ...changes,
  }) satisfies FundBookCommand;
const transfer = (amount: number, fromFundId = 'social', toFundId = 'housing'): FundBookCommand => ({
  type: 'TransferBetweenFunds',
  federationId,
  entryId: 'new',
  fromFundId,
  toFundId,
  amount,
});
const reverse = (correctsEntryId: string, changes: Partial<Extract<FundBookCommand, { type: 'CorrectEntry' }>> = {}) =>
  ({
    type: 'CorrectEntry',
    federationId,
    entryId: 'fix',
    correctsEntryId,
    kind: 'reversal',
    amountDelta: null,
    reason: 'sai chứng từ',
    ...changes,
  }) satisfies FundBookCommand;
const adjust = (correctsEntryId: string, amountDelta: number | null) =>
  reverse(correctsEntryId, { kind: 'adjustment', amountDelta });

const book = spec(fundBookDecider, { occurredOn: '2023-12-31' });
const at = (occurredOn: string) => ({ occurredOn });

/** Social fund: 10M received on 2023-01-10, 8M paid on 2023-02-01 (2M left); housing fund empty. */
const spentBook = [
  opened('social'),
  opened('housing'),
  contributed('c1', 'social', 10_000_000, '2023-01-10'),
  paid('p1', 'social', 8_000_000, '2023-02-01'),
];

describe('fund book', () => {
  describe('opening a fund', () => {
    it('opens a fund of an active federation', () => {
      book
        .given([])
        .when(openFund(), at('2020-01-01'), lookups)
        .then([
          {
            type: 'FundOpened',
            data: { occurredOn: '2020-01-01', federationId, fundId: 'social', kind: 'social', name: 'Quỹ social' },
          },
        ]);
    });

    it('opens several funds in one book, but each id once', () => {
      book
        .given([opened('social')])
        .when(openFund('housing'), {}, lookups)
        .then([expect.objectContaining({ type: 'FundOpened' })] as never);
      book
        .given([opened('social')])
        .when(openFund('social'), {}, lookups)
        .thenRefuses('fund.already-opened');
    });

    it('refuses an unknown federation, or one not active on the date', () => {
      book.given([]).when(openFund(), {}, {}).thenNotFound("federation 'hoan-kiem'");
      book.given([]).when(openFund(), at('1989-12-31'), lookups).thenRefuses('federation.not-active');
      book
        .given([])
        .when(openFund(), at('2025-08-01'), {
          ...lookups,
          federation: { ...hoanKiem, status: 'merged', endedOn: '2025-07-01' },
        })
        .thenRefuses('federation.not-active');
    });

    it('refuses a date in the future', () => {
      book
        .given([])
        .when(openFund(), { occurredOn: '2026-01-02', today: '2026-01-01' }, lookups)
        .thenRefuses('date.in-future');
    });
  });

  describe('receiving a contribution', () => {
    it('records money into an open fund, with its source', () => {
      book
        .given([opened('social')])
        .when(receive(58_000_000), at('2020-12-20'), lookups)
        .then([contributed('new', 'social', 58_000_000, '2020-12-20')]);
    });

    it('refuses an unknown fund, and a fund not yet open on the date (the opening day is fine)', () => {
      book
        .given([opened('social')])
        .when(receive(1, { fundId: 'nope' }), {}, lookups)
        .thenNotFound("fund 'nope'");
      book
        .given([opened('social', '2020-01-01')])
        .when(receive(1), at('2019-12-31'), lookups)
        .thenRefuses('fund.not-yet-open');
      book
        .given([opened('social', '2020-01-01')])
        .when(receive(1), at('2020-01-01'), lookups)
        .then([contributed('new', 'social', 1, '2020-01-01')]);
    });

    it('accepts 1 đồng and the cap', () => {
      book
        .given([opened('social')])
        .when(receive(MAX_AMOUNT_DONG), {}, lookups)
        .then([contributed('new', 'social', MAX_AMOUNT_DONG, '2023-12-31')]);
    });

    it.each([0, -5, 1.5, 1e300, MAX_AMOUNT_DONG + 1, Number.NaN])('refuses an amount of %p', (amount) => {
      book
        .given([opened('social')])
        .when(receive(amount), {}, lookups)
        .thenRefuses('money.whole-dong');
    });

    it('refuses an entry id already used in the book, by any kind of entry', () => {
      book
        .given([opened('social'), contributed('c1', 'social', 5, '2023-01-01')])
        .when(receive(5, { entryId: 'c1' }), {}, lookups)
        .thenRefuses('fund.entry-id-taken');
      book
        .given([...spentBook, corrected('x1', 'p1', 'adjustment', 'social', -1, '2023-03-01')])
        .when(receive(5, { entryId: 'x1' }), {}, lookups)
        .thenRefuses('fund.entry-id-taken');
    });

    it('refuses a federation that is not active on the date', () => {
      book
        .given([opened('social')])
        .when(receive(5), at('2025-08-01'), {
          ...lookups,
          federation: { ...hoanKiem, status: 'dissolved', endedOn: '2025-07-01' },
        })
        .thenRefuses('federation.not-active');
    });
  });

  describe('an entry that names a union or a member', () => {
    const history = [opened('social'), contributed('c1', 'social', 10_000_000, '2020-02-01')];
    it('names one that existed on the entry date', () => {
      book
        .given(history)
        .when(pay(1_000, { recipient: { kind: 'member', id: 'dv-9', name: null } }), at('2020-03-01'), {
          ...lookups,
          member: undefined,
        })
        .thenNotFound('dv-9');
      book
        .given(history)
        .when(pay(1_000), at('2020-03-01'), { ...lookups, member: { ...dv1, since: '2021-01-01' } })
        .thenRefuses('member.not-a-member-on-date');
      book
        .given(history)
        .when(pay(1_000, { recipient: { kind: 'union', id: 'cd-017', name: null } }), at('2020-03-01'), {
          ...lookups,
          union: { ...cd017, status: 'dissolved', dissolvedOn: '2020-02-15' },
        })
        .thenRefuses('union.dissolved');
      book
        .given([opened('social')])
        .when(receive(5), at('2020-03-01'), { ...lookups, union: { ...cd017, foundedOn: '2021-01-01' } })
        .thenRefuses('union.not-yet-founded');
    });

    it('needs no record for an outside unit, a family, or a named but unidentified party', () => {
      book
        .given(history)
        .when(pay(1_000, { recipient: { kind: 'family', id: null, name: 'Gia đình chị Lan' } }), at('2020-03-01'), {
          federation: hoanKiem,
        })
        .then([expect.objectContaining({ type: 'SupportPaid' })] as never);
    });
  });

  describe('paying support', () => {
    it('pays one recipient from the balance, down to exactly zero', () => {
      book
        .given(spentBook)
        .when(pay(2_000_000), at('2023-02-01'), lookups)
        .then([paid('new', 'social', 2_000_000, '2023-02-01')]);
    });

    it('pays many recipients the same amount each: 242 gifts × 1,000,000 đ', () => {
      book
        .given([opened('social'), contributed('c1', 'social', 300_000_000, '2020-01-05')])
        .when(pay(242_000_000, { recipients: 242, amountEach: 1_000_000 }), at('2020-01-20'), lookups)
        .then([paid('new', 'social', 242_000_000, '2020-01-20', 242, 1_000_000)]);
    });

    it('refuses recipients × amountEach that does not add up to the amount', () => {
      book
        .given([opened('social'), contributed('c1', 'social', 300_000_000, '2020-01-05')])
        .when(pay(242_000_001, { recipients: 242, amountEach: 1_000_000 }), at('2020-01-20'), lookups)
        .thenRefuses('fund.recipients-times-amount-each');
    });

    it('refuses several recipients without an amount each', () => {
      book
        .given([opened('social'), contributed('c1', 'social', 10_000_000, '2020-01-05')])
        .when(pay(8_500_000, { recipients: 17 }), at('2020-03-01'), lookups)
        .thenRefuses('fund.amount-each-required');
    });

    it.each([0, -1, 1.5, 10_000_001])('refuses a recipient count of %p', (recipients) => {
      book
        .given([opened('social'), contributed('c1', 'social', 10_000_000, '2020-01-05')])
        .when(pay(1_000_000, { recipients, amountEach: 1_000_000 }), {}, lookups)
        .thenRefuses('fund.recipients-count');
    });

    it.each([0, 0.5, MAX_AMOUNT_DONG + 1])('refuses an amount each of %p', (amountEach) => {
      book
        .given([opened('social'), contributed('c1', 'social', 10_000_000, '2020-01-05')])
        .when(pay(1_000_000, { recipients: 2, amountEach }), {}, lookups)
        .thenRefuses('money.whole-dong');
    });

    it.each([0, -5, 1.5, 1e300])('refuses an amount of %p', (amount) => {
      book.given(spentBook).when(pay(amount), {}, lookups).thenRefuses('money.whole-dong');
    });

    it('refuses to pay more than the fund holds', () => {
      book.given(spentBook).when(pay(2_000_001), {}, lookups).thenRefuses('fund.overdrawn');
    });

    it('does not spend another fund’s money', () => {
      book
        .given(spentBook)
        .when(pay(1, { fundId: 'housing' }), {}, lookups)
        .thenRefuses('fund.overdrawn');
    });

    it('refuses a payment dated before the money it would spend was received', () => {
      const lateMoney = [opened('social'), contributed('c1', 'social', 10_000_000, '2023-06-01')];
      // The balance today would be 5M, but on 2023-01-01 the fund was empty.
      book.given(lateMoney).when(pay(5_000_000), at('2023-01-01'), lookups).thenRefuses('fund.overdrawn');
      book
        .given(lateMoney)
        .when(pay(5_000_000), at('2023-06-01'), lookups)
        .then([paid('new', 'social', 5_000_000, '2023-06-01')]);
    });

    it('refuses a back-dated payment that makes an earlier date negative though the balance today covers it', () => {
      const history = [
        opened('social'),
        contributed('c1', 'social', 5_000_000, '2023-01-10'),
        contributed('c2', 'social', 10_000_000, '2023-06-01'),
      ];
      // 15M in the end, but only 5M until June.
      book.given(history).when(pay(8_000_000), at('2023-03-01'), lookups).thenRefuses('fund.overdrawn');
      book
        .given(history)
        .when(pay(5_000_000), at('2023-03-01'), lookups)
        .then([paid('new', 'social', 5_000_000, '2023-03-01')]);
    });

    it('refuses a back-dated payment that leaves too little for a later one already recorded', () => {
      // 2M is left after p1; a 3M payment dated before p1 would leave -1M on 2023-02-01.
      book.given(spentBook).when(pay(3_000_000), at('2023-01-20'), lookups).thenRefuses('fund.overdrawn');
      book
        .given(spentBook)
        .when(pay(2_000_000), at('2023-01-20'), lookups)
        .then([paid('new', 'social', 2_000_000, '2023-01-20')]);
    });

    it('refuses an unknown fund or one not yet open', () => {
      book
        .given(spentBook)
        .when(pay(1, { fundId: 'nope' }), {}, lookups)
        .thenNotFound("fund 'nope'");
      book.given(spentBook).when(pay(1), at('2019-06-01'), lookups).thenRefuses('fund.not-yet-open');
    });

    it('refuses a reused entry id', () => {
      book
        .given(spentBook)
        .when(pay(1, { entryId: 'p1' }), {}, lookups)
        .thenRefuses('fund.entry-id-taken');
    });
  });

  describe('transferring between funds', () => {
    it('moves money between two open funds of the book, which the receiving fund can then spend', () => {
      book
        .given(spentBook)
        .when(transfer(2_000_000), at('2023-03-01'), lookups)
        .then([transferred('new', 'social', 'housing', 2_000_000, '2023-03-01')]);
      book
        .given([...spentBook, transferred('t1', 'social', 'housing', 2_000_000, '2023-03-01')])
        .when(pay(2_000_000, { fundId: 'housing' }), at('2023-03-01'), lookups)
        .then([paid('new', 'housing', 2_000_000, '2023-03-01')]);
    });

    it('refuses a transfer to the same fund', () => {
      book
        .given(spentBook)
        .when(transfer(1, 'social', 'social'), {}, lookups)
        .thenRefuses('fund.transfer-same-fund');
    });

    it('refuses an unknown fund on either side', () => {
      book
        .given(spentBook)
        .when(transfer(1, 'nope', 'housing'), {}, lookups)
        .thenNotFound("fund 'nope'");
      book
        .given(spentBook)
        .when(transfer(1, 'social', 'nope'), {}, lookups)
        .thenNotFound("fund 'nope'");
    });

    it('refuses a fund not yet open on the date', () => {
      book
        .given([...spentBook, opened('sea-islands', '2023-06-01')])
        .when(transfer(1, 'social', 'sea-islands'), at('2023-03-01'), lookups)
        .thenRefuses('fund.not-yet-open');
    });

    it('refuses to move more than the source fund holds, on the date and after it', () => {
      book.given(spentBook).when(transfer(2_000_001), at('2023-03-01'), lookups).thenRefuses('fund.overdrawn');
      // On 2023-01-15 the fund held 10M, but p1 needs 8M of it on 2023-02-01.
      book.given(spentBook).when(transfer(3_000_000), at('2023-01-15'), lookups).thenRefuses('fund.overdrawn');
    });

    it.each([0, -5, 1.5, 1e300])('refuses an amount of %p', (amount) => {
      book.given(spentBook).when(transfer(amount), {}, lookups).thenRefuses('money.whole-dong');
    });
  });

  describe('correcting an entry', () => {
    it('reverses an unspent contribution: the delta is minus its amount, on the contribution’s fund', () => {
      book
        .given([opened('social'), contributed('c1', 'social', 10_000_000, '2023-01-10')])
        .when(reverse('c1'), at('2023-01-15'), lookups)
        .then([corrected('fix', 'c1', 'reversal', 'social', -10_000_000, '2023-01-15')]);
    });

    it('refuses to reverse a contribution that was already spent', () => {
      book.given(spentBook).when(reverse('c1'), at('2023-03-01'), lookups).thenRefuses('fund.overdrawn');
      // Dated before the payment, it would leave that payment without money.
      book.given(spentBook).when(reverse('c1'), at('2023-01-20'), lookups).thenRefuses('fund.overdrawn');
    });

    it('reverses a payment (its amount falls to zero), giving the money back to its fund', () => {
      book
        .given(spentBook)
        .when(reverse('p1'), at('2023-03-01'), lookups)
        .then([corrected('fix', 'p1', 'reversal', 'social', -8_000_000, '2023-03-01')]);
      book
        .given([...spentBook, corrected('fix', 'p1', 'reversal', 'social', -8_000_000, '2023-03-01')])
        .when(pay(10_000_000, { entryId: 'p2' }), at('2023-03-01'), lookups)
        .then([paid('p2', 'social', 10_000_000, '2023-03-01')]);
    });

    it('says in the correction what it corrects: kind, funds, purpose and recipients lost', () => {
      const [event] = fundBookDecider.decide(
        reverse('p1'),
        fold(fundBookDecider, spentBook),
        { occurredOn: '2023-03-01', today: '2026-01-01' },
        lookups,
      );
      expect(event.data).toMatchObject({
        corrects: { kind: 'payment', fromFundId: 'social', toFundId: null, category: 'hardship', recipientsDelta: -1 },
      });
    });

    it('reverses a transfer, unless the receiving fund has spent the money', () => {
      const moved = [...spentBook, transferred('t1', 'social', 'housing', 2_000_000, '2023-03-01')];
      book
        .given(moved)
        .when(reverse('t1'), at('2023-04-01'), lookups)
        .then([corrected('fix', 't1', 'reversal', 'social', -2_000_000, '2023-04-01')]);
      book
        .given([...moved, paid('p2', 'housing', 1_500_000, '2023-03-15')])
        .when(reverse('t1'), at('2023-04-01'), lookups)
        .thenRefuses('fund.overdrawn');
    });

    it('adjusts an amount within what the fund can bear, from the correction’s date', () => {
      // The contribution becomes 8M from 2023-03-01: 0 left then, the 8M payment stays covered.
      book
        .given(spentBook)
        .when(adjust('c1', -2_000_000), at('2023-03-01'), lookups)
        .then([corrected('fix', 'c1', 'adjustment', 'social', -2_000_000, '2023-03-01')]);
      book.given(spentBook).when(adjust('c1', -2_000_001), at('2023-03-01'), lookups).thenRefuses('fund.overdrawn');
      book
        .given(spentBook)
        .when(adjust('p1', 2_000_000), at('2023-03-01'), lookups)
        .then([corrected('fix', 'p1', 'adjustment', 'social', 2_000_000, '2023-03-01')]);
      book.given(spentBook).when(adjust('p1', 2_000_001), at('2023-03-01'), lookups).thenRefuses('fund.overdrawn');
    });

    it('adjusts the amount as already corrected, and reverses what remains', () => {
      const adjusted = [...spentBook, corrected('x1', 'p1', 'adjustment', 'social', -3_000_000, '2023-03-01')];
      book
        .given(adjusted)
        .when(reverse('p1'), at('2023-04-01'), lookups)
        .then([corrected('fix', 'p1', 'reversal', 'social', -5_000_000, '2023-04-01')]);
      book
        .given(adjusted)
        .when(adjust('p1', -5_000_000), at('2023-04-01'), lookups)
        .thenRefuses('fund.adjustment-to-zero');
      book
        .given(adjusted)
        .when(adjust('p1', -4_999_999), at('2023-04-01'), lookups)
        .then([corrected('fix', 'p1', 'adjustment', 'social', -4_999_999, '2023-04-01')]);
    });

    it('refuses an adjustment that brings the amount to zero or below: that is a reversal', () => {
      book
        .given(spentBook)
        .when(adjust('p1', -8_000_000), at('2023-03-01'), lookups)
        .thenRefuses('fund.adjustment-to-zero');
      book
        .given(spentBook)
        .when(adjust('p1', -9_000_000), at('2023-03-01'), lookups)
        .thenRefuses('fund.adjustment-to-zero');
    });

    it('refuses an adjustment above the cap', () => {
      book
        .given([opened('social'), contributed('c1', 'social', MAX_AMOUNT_DONG, '2023-01-10')])
        .when(adjust('c1', 1), {}, lookups)
        .thenRefuses('money.whole-dong');
    });

    it.each([null, 0, 1.5, MAX_AMOUNT_DONG + 1])('refuses an adjustment by %p', (amountDelta) => {
      book.given(spentBook).when(adjust('p1', amountDelta), {}, lookups).thenRefuses('fund.adjustment-delta');
    });

    it('refuses a reversal that names an amount', () => {
      book
        .given(spentBook)
        .when(reverse('p1', { amountDelta: -8_000_000 }), {}, lookups)
        .thenRefuses('fund.reversal-takes-no-delta');
    });

    it('refuses to adjust a payment of recipients × amountEach, but reverses it', () => {
      const gifts = [
        opened('social'),
        contributed('c1', 'social', 300_000_000, '2020-01-05'),
        paid('g1', 'social', 242_000_000, '2020-01-20', 242, 1_000_000),
      ];
      book.given(gifts).when(adjust('g1', -1_000_000), {}, lookups).thenRefuses('fund.adjustment-of-itemised-payment');
      book
        .given(gifts)
        .when(reverse('g1'), at('2020-02-01'), lookups)
        .then([corrected('fix', 'g1', 'reversal', 'social', -242_000_000, '2020-02-01')]);
    });

    it('refuses an unknown entry', () => {
      book.given(spentBook).when(reverse('nope'), {}, lookups).thenNotFound("fund entry 'nope'");
    });

    it('refuses an entry already reversed, for a reversal or an adjustment', () => {
      const reversed = [...spentBook, corrected('x1', 'p1', 'reversal', 'social', -8_000_000, '2023-03-01')];
      book.given(reversed).when(reverse('p1'), {}, lookups).thenRefuses('fund.entry-reversed');
      book.given(reversed).when(adjust('p1', 1), {}, lookups).thenRefuses('fund.entry-reversed');
    });

    it('refuses to correct a correction', () => {
      book
        .given([...spentBook, corrected('x1', 'p1', 'adjustment', 'social', -1, '2023-03-01')])
        .when(reverse('x1'), {}, lookups)
        .thenRefuses('fund.correction-not-correctable');
    });

    it('refuses a correction dated before the entry; the same day is fine', () => {
      book.given(spentBook).when(reverse('p1'), at('2023-01-31'), lookups).thenRefuses('date.before-existence');
      book
        .given(spentBook)
        .when(reverse('p1'), at('2023-02-01'), lookups)
        .then([corrected('fix', 'p1', 'reversal', 'social', -8_000_000, '2023-02-01')]);
    });

    it('refuses a blank reason', () => {
      book
        .given(spentBook)
        .when(reverse('p1', { reason: '  ' }), {}, lookups)
        .thenRefuses('fund.correction-reason');
    });

    it('refuses a correction id already used', () => {
      book
        .given(spentBook)
        .when(reverse('p1', { entryId: 'c1' }), {}, lookups)
        .thenRefuses('fund.entry-id-taken');
    });

    it('refuses a federation not active on the date', () => {
      book
        .given(spentBook)
        .when(reverse('p1'), at('2025-08-01'), { federation: { ...hoanKiem, status: 'merged', endedOn: '2025-07-01' } })
        .thenRefuses('federation.not-active');
    });
  });

  describe('closing and reopening a period', () => {
    const close = (closedThrough: string): FundBookCommand => ({ type: 'ClosePeriod', federationId, closedThrough });
    const reopen = (reopenedFrom: string, reason = 'bổ sung chứng từ theo kết luận kiểm tra'): FundBookCommand => ({
      type: 'ReopenPeriod',
      federationId,
      reopenedFrom,
      reason,
    });
    const closed = (closedThrough: string, occurredOn = '2024-01-15'): FundBookEvent => ({
      type: 'PeriodClosed',
      data: { occurredOn, federationId, closedThrough },
    });
    const reopened = (reopenedFrom: string, occurredOn = '2024-02-01'): FundBookEvent => ({
      type: 'PeriodReopened',
      data: { occurredOn, federationId, reopenedFrom, reason: 'bổ sung chứng từ theo kết luận kiểm tra' },
    });
    /** The 2023 book, closed through 2023-12-31 on 2024-01-15: 2M left in the social fund. */
    const closedBook = [...spentBook, closed('2023-12-31')];

    it('closes the book through a date that has ended, and later through a later one', () => {
      book
        .given(spentBook)
        .when(close('2023-12-31'), at('2024-01-15'), lookups)
        .then([closed('2023-12-31')]);
      book
        .given(spentBook)
        .when(close('2024-01-15'), at('2024-01-15'), lookups)
        .then([closed('2024-01-15')]);
      book
        .given(closedBook)
        .when(close('2024-06-30'), at('2024-07-10'), lookups)
        .then([closed('2024-06-30', '2024-07-10')]);
    });

    it('refuses to close a period that has not ended on the closing date', () => {
      book.given(spentBook).when(close('2024-01-16'), at('2024-01-15'), lookups).thenRefuses('fund.period-not-ended');
    });

    it('refuses to close again through the same or an earlier date', () => {
      book
        .given(closedBook)
        .when(close('2023-12-31'), at('2024-03-01'), lookups)
        .thenRefuses('fund.period-already-closed');
      book
        .given(closedBook)
        .when(close('2023-06-30'), at('2024-03-01'), lookups)
        .thenRefuses('fund.period-already-closed');
    });

    it('refuses a closing date that is not a calendar date', () => {
      book.given(spentBook).when(close('2023-02-30'), at('2024-01-15'), lookups).thenRefuses('fund.period-date');
    });

    it('refuses to close the book of a federation not active on the date, or in the future', () => {
      book.given([]).when(close('2023-12-31'), at('2024-01-15'), {}).thenNotFound("federation 'hoan-kiem'");
      book
        .given(spentBook)
        .when(close('2025-12-31'), { occurredOn: '2026-01-02', today: '2026-01-01' }, lookups)
        .thenRefuses('date.in-future');
    });

    it.each([
      ['a contribution', receive(1_000_000, { entryId: 'c9' })],
      ['a payment', pay(1_000_000, { entryId: 'p9' })],
      ['a transfer', { ...transfer(1_000_000), entryId: 't9' } as FundBookCommand],
      ['a correction', reverse('p1', { entryId: 'x9' })],
      ['a new fund', openFund('poverty')],
    ])('refuses %s dated on or before the closed date', (_, command) => {
      book.given(closedBook).when(command, at('2023-12-31'), lookups).thenRefuses('fund.period-closed');
      book.given(closedBook).when(command, at('2023-03-01'), lookups).thenRefuses('fund.period-closed');
    });

    it('accepts entries dated after the closed date, such as a correction of an entry in the closed period', () => {
      book
        .given(closedBook)
        .when(receive(1_000_000, { entryId: 'c9' }), at('2024-01-01'), lookups)
        .then([contributed('c9', 'social', 1_000_000, '2024-01-01')]);
      book
        .given(closedBook)
        .when(reverse('p1'), at('2024-01-02'), lookups)
        .then([corrected('fix', 'p1', 'reversal', 'social', -8_000_000, '2024-01-02')]);
    });

    it('reopens closed dates from a date on, with a reason; entries dated then are accepted again', () => {
      book
        .given(closedBook)
        .when(reopen('2023-12-01'), at('2024-02-01'), lookups)
        .then([reopened('2023-12-01')]);
      const reopenedBook = [...closedBook, reopened('2023-12-01')];
      book
        .given(reopenedBook)
        .when(pay(1_000_000, { entryId: 'p9' }), at('2023-12-01'), lookups)
        .then([paid('p9', 'social', 1_000_000, '2023-12-01')]);
      // Dates before the reopened one stay closed.
      book
        .given(reopenedBook)
        .when(pay(1_000_000, { entryId: 'p9' }), at('2023-11-30'), lookups)
        .thenRefuses('fund.period-closed');
    });

    it('closes again after a reopening', () => {
      const closedAgain = [...closedBook, reopened('2023-12-01'), closed('2023-12-31', '2024-02-10')];
      book
        .given(closedAgain)
        .when(pay(1_000_000, { entryId: 'p9' }), at('2023-12-01'), lookups)
        .thenRefuses('fund.period-closed');
    });

    it('refuses a reopening without a reason', () => {
      book
        .given(closedBook)
        .when(reopen('2023-12-01', '  '), at('2024-02-01'), lookups)
        .thenRefuses('fund.period-reopen-reason');
    });

    it('refuses to reopen when nothing is closed, or dates that are not closed', () => {
      book.given(spentBook).when(reopen('2023-12-01'), at('2024-02-01'), lookups).thenRefuses('fund.period-not-closed');
      book
        .given(closedBook)
        .when(reopen('2024-01-01'), at('2024-02-01'), lookups)
        .thenRefuses('fund.period-not-closed');
    });

    it('refuses a reopening date that is not a calendar date', () => {
      book.given(closedBook).when(reopen('2023-13-01'), at('2024-02-01'), lookups).thenRefuses('fund.period-date');
    });

    it('keeps the closed date in the state: closing sets it, reopening moves it to the day before', () => {
      expect(fold(fundBookDecider, spentBook).closedThrough).toBeNull();
      expect(fold(fundBookDecider, closedBook).closedThrough).toBe('2023-12-31');
      expect(fold(fundBookDecider, [...closedBook, reopened('2023-12-01')]).closedThrough).toBe('2023-11-30');
      // Money does not move.
      expect(balanceOn(fold(fundBookDecider, closedBook).funds.social, '2024-12-31')).toBe(2_000_000);
    });
  });

  describe('state', () => {
    it('knows each entry’s amount after corrections, and each fund’s balance on any date', () => {
      const state = fold(fundBookDecider, [
        ...spentBook,
        transferred('t1', 'social', 'housing', 1_000_000, '2023-03-01'),
        corrected('x1', 'p1', 'adjustment', 'social', -3_000_000, '2023-04-01'),
        corrected('x2', 't1', 'reversal', 'social', -1_000_000, '2023-05-01'),
      ]);
      expect(findEntry(state, 'p1')).toMatchObject({ kind: 'payment', amount: 5_000_000, reversed: false });
      expect(findEntry(state, 't1')).toMatchObject({ kind: 'transfer', amount: 0, reversed: true });
      expect(findEntry(state, 'x1')).toMatchObject({ kind: 'correction', correctsEntryId: 'p1' });
      expect(findEntry(state, 'nope')).toBeUndefined();

      const { social, housing } = state.funds;
      expect(balanceOn(social, '2023-01-09')).toBe(0);
      expect(balanceOn(social, '2023-01-10')).toBe(10_000_000);
      expect(balanceOn(social, '2023-02-01')).toBe(2_000_000);
      expect(balanceOn(social, '2023-03-01')).toBe(1_000_000);
      expect(balanceOn(social, '2023-04-01')).toBe(4_000_000);
      expect(balanceOn(social, '2023-05-01')).toBe(5_000_000);
      expect(balanceOn(housing, '2023-03-01')).toBe(1_000_000);
      expect(balanceOn(housing, '2023-05-01')).toBe(0);
    });

    it('folds a long book quickly: recording shares the older history instead of copying it', () => {
      const events: FundBookEvent[] = [opened('social')];
      for (let i = 0; i < 50_000; i++) events.push(contributed(`c${i}`, 'social', 1_000, '2023-01-10'));
      const started = Date.now();
      const state = fold(fundBookDecider, events);
      expect(balanceOn(state.funds.social, '2023-12-31')).toBe(50_000_000);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
