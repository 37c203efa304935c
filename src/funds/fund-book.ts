import { assertNotBefore, assertNotInFuture, dayBefore, isBusinessDate } from '../core/business-date';
import { assertNever, type CommandFor, type Decider } from '../core/decider';
import { LaterFactContradicts, NotFound, RuleBroken } from '../core/domain-error';
import { addDong, assertAmountDong, MAX_AMOUNT_DONG } from '../core/money';
import { assertMemberOn, type MemberState } from '../membership/member';
import { assertFederationActiveOn, type FederationState } from '../organisation/federation';
import { assertUnionActiveOn, type UnionState } from '../organisation/union';
import type {
  ContributionReceived,
  CorrectionKind,
  FundBookEvent,
  FundHandedOver,
  FundKind,
  FundOpened,
  FundTakenOver,
  FundTransferred,
  PeriodClosed,
  PeriodReopened,
  SupportPaid,
} from './funds.events';

/**
 * An immutable list, newest first. Recording an event puts one node in front and shares everything older,
 * so folding a fund book of many thousands of entries stays linear (copying a map per event would not).
 */
export interface Recorded<T> {
  readonly latest: T;
  readonly earlier: Recorded<T> | null;
}

/** One dated change to a fund's balance, signed: + money in, − money out. */
export interface Movement {
  occurredOn: string;
  amount: number;
  /** The entry (or correction) that made it. */
  entryId: string;
}

export interface Fund {
  id: string;
  kind: FundKind;
  name: string;
  openedOn: string;
  /** Every change to its balance, newest recorded first (not date order: entries can be back-dated). */
  movements: Recorded<Movement> | null;
}

/** A contribution, payment or transfer: money leaves `fromFundId` (when set) and enters `toFundId` (when set). */
export interface MoneyEntry {
  kind: 'contribution' | 'payment' | 'transfer';
  id: string;
  occurredOn: string;
  fromFundId: string | null;
  toFundId: string | null;
  /** As first recorded; see `findEntry` for the amount after corrections. */
  amount: number;
  /** Set for a payment of recipients × amountEach, whose amount may only be reversed, not adjusted. */
  amountEach: number | null;
  /** The contribution's source kind or the payment's purpose (null for a transfer). */
  category: string | null;
  /** People or units a payment reached (0 for contributions and transfers). */
  recipients: number;
}

export interface CorrectionEntry {
  kind: 'correction';
  id: string;
  occurredOn: string;
  correctsEntryId: string;
  correction: CorrectionKind;
  amountDelta: number;
}

export type BookEntry = MoneyEntry | CorrectionEntry;

/** A contribution, payment or transfer as it stands after every correction so far. */
export interface EntryNow extends MoneyEntry {
  reversed: boolean;
}

/** A federation's fund book (sổ quỹ): its funds by id, and every entry. */
export interface FundBookState {
  funds: Readonly<Record<string, Fund>>;
  entries: Recorded<BookEntry> | null;
  /** The last business date of the closed period (kết sổ); nothing dated on or before it may be recorded. */
  closedThrough: string | null;
  /** The merge date on which the book's balances were handed over to the absorbing federation, if any. */
  handedOverOn?: string;
}

export type FundBookCommand =
  | CommandFor<'OpenFund', FundOpened>
  | CommandFor<'ReceiveContribution', ContributionReceived>
  | CommandFor<'PaySupport', SupportPaid>
  | CommandFor<'TransferBetweenFunds', FundTransferred>
  | {
      type: 'CorrectEntry';
      federationId: string;
      entryId: string;
      correctsEntryId: string;
      kind: CorrectionKind;
      /** Required for an adjustment; must be null for a reversal. */
      amountDelta: number | null;
      reason: string;
    }
  | CommandFor<'ClosePeriod', PeriodClosed>
  | CommandFor<'ReopenPeriod', PeriodReopened>;

/** The federation that owns the book, and the union or member an entry names, read by the command layer. */
export interface FundBookLookups {
  federation?: FederationState;
  /** The union an entry names as its source or recipient, as it stood on the entry's date. */
  union?: UnionState;
  /** The member an entry names as its source or recipient, as they stood on the entry's date. */
  member?: MemberState;
}

/** The union or member an entry names by id, if any: it must have existed on the entry's date. */
export function namedParty(command: FundBookCommand): { kind: 'union' | 'member'; id: string } | null {
  const party =
    command.type === 'PaySupport' ? command.recipient : command.type === 'ReceiveContribution' ? command.source : null;
  if (!party || party.id === null || (party.kind !== 'union' && party.kind !== 'member')) return null;
  return { kind: party.kind, id: party.id };
}

function assertPartyExisted(command: FundBookCommand, lookups: FundBookLookups, occurredOn: string): void {
  const party = namedParty(command);
  if (party?.kind === 'union') assertUnionActiveOn(lookups.union, party.id, occurredOn);
  if (party?.kind === 'member') assertMemberOn(lookups.member, party.id, occurredOn);
}

/** Far above any real payment (Hà Nội's largest unions have tens of thousands of members). */
export const MAX_RECIPIENTS = 10_000_000;

export const initialFundBookState: FundBookState = { funds: {}, entries: null, closedThrough: null };

/** A change of one fund's balance, before it is recorded. */
interface FundChange extends Movement {
  fundId: string;
}

export const fundBookDecider: Decider<FundBookState, FundBookCommand, FundBookEvent, FundBookLookups> = {
  initialState: initialFundBookState,

  evolve(state, event) {
    switch (event.type) {
      case 'FundOpened': {
        const { fundId, kind, name, occurredOn } = event.data;
        const fund: Fund = { id: fundId, kind, name, openedOn: occurredOn, movements: null };
        return { ...state, funds: { ...state.funds, [fundId]: fund } };
      }
      case 'PeriodClosed':
        return { ...state, closedThrough: event.data.closedThrough };
      case 'PeriodReopened':
        return { ...state, closedThrough: dayBefore(event.data.reopenedFrom) };
      case 'ContributionReceived':
        return recorded(state, {
          kind: 'contribution',
          id: event.data.entryId,
          occurredOn: event.data.occurredOn,
          fromFundId: null,
          toFundId: event.data.fundId,
          amount: event.data.amount,
          amountEach: null,
          category: event.data.source.kind,
          recipients: 0,
        });
      case 'SupportPaid':
        return recorded(state, {
          kind: 'payment',
          id: event.data.entryId,
          occurredOn: event.data.occurredOn,
          fromFundId: event.data.fundId,
          toFundId: null,
          amount: event.data.amount,
          amountEach: event.data.amountEach,
          category: event.data.purpose,
          recipients: event.data.recipients,
        });
      case 'FundTransferred':
        return recorded(state, {
          kind: 'transfer',
          id: event.data.entryId,
          occurredOn: event.data.occurredOn,
          fromFundId: event.data.fromFundId,
          toFundId: event.data.toFundId,
          amount: event.data.amount,
          amountEach: null,
          category: null,
          recipients: 0,
        });
      case 'FundHandedOver': {
        const { fundId, amount, occurredOn, entryId } = event.data;
        const funds = withChanges(state.funds, [{ fundId, occurredOn, amount: -amount, entryId }]);
        return { ...state, funds, handedOverOn: occurredOn };
      }
      case 'FundTakenOver': {
        const { fundId, kind, name, amount, occurredOn, entryId } = event.data;
        const opened = state.funds[fundId] ?? { id: fundId, kind, name, openedOn: occurredOn, movements: null };
        const funds = withChanges({ ...state.funds, [fundId]: opened }, [{ fundId, occurredOn, amount, entryId }]);
        return { ...state, funds };
      }
      case 'EntryCorrected': {
        const { entryId, correctsEntryId, kind, amountDelta, occurredOn } = event.data;
        const target = findEntry(state, correctsEntryId);
        const correction: CorrectionEntry = {
          kind: 'correction',
          id: entryId,
          occurredOn,
          correctsEntryId,
          correction: kind,
          amountDelta,
        };
        const entries: Recorded<BookEntry> = { latest: correction, earlier: state.entries };
        // A correction of something this book does not hold can only come from foreign history: nothing moves.
        if (target === undefined || target.kind === 'correction') return { ...state, entries };
        return {
          ...state,
          funds: withChanges(state.funds, changesOf(target, amountDelta, occurredOn, entryId)),
          entries,
        };
      }
      default:
        return assertNever(event);
    }
  },

  decide(command, state, { occurredOn, today }, lookups) {
    assertNotInFuture(occurredOn, today);
    const federationId = assertFederationActiveOn(lookups.federation, command.federationId, occurredOn).id;
    if (state.handedOverOn !== undefined) {
      throw new LaterFactContradicts(
        `the fund book of '${federationId}' was handed over on ${state.handedOverOn}, when the federation merged; ` +
          `nothing dated before it can be recorded in it any more`,
      );
    }
    if (command.type !== 'ClosePeriod' && command.type !== 'ReopenPeriod') assertPeriodOpen(state, occurredOn);

    switch (command.type) {
      case 'OpenFund': {
        const existing = state.funds[command.fundId];
        if (existing) {
          throw new RuleBroken(
            'fund.already-opened',
            `fund '${existing.id}' was already opened on ${existing.openedOn} as '${existing.name}'; choose another id`,
          );
        }
        return [
          {
            type: 'FundOpened',
            data: { occurredOn, federationId, fundId: command.fundId, kind: command.kind, name: command.name },
          },
        ];
      }

      case 'ReceiveContribution': {
        const entry = checkedFundEntry(state, command, occurredOn, federationId);
        assertPartyExisted(command, lookups, occurredOn);
        return [{ type: 'ContributionReceived', data: { ...entry, source: command.source } }];
      }

      case 'PaySupport': {
        const entry = checkedFundEntry(state, command, occurredOn, federationId);
        assertRecipients(command.amount, command.recipients, command.amountEach);
        assertPartyExisted(command, lookups, occurredOn);
        assertNeverOverdrawn(
          state,
          [{ fundId: entry.fundId, occurredOn, amount: -command.amount, entryId: command.entryId }],
          `paying ${dong(command.amount)} from fund '${entry.fundId}' on ${occurredOn}`,
        );
        return [
          {
            type: 'SupportPaid',
            data: {
              ...entry,
              purpose: command.purpose,
              recipient: command.recipient,
              recipients: command.recipients,
              amountEach: command.amountEach,
            },
          },
        ];
      }

      case 'TransferBetweenFunds': {
        assertEntryIdFree(state, command.entryId);
        if (command.fromFundId === command.toFundId) {
          throw new RuleBroken(
            'fund.transfer-same-fund',
            `a transfer needs two different funds; both are '${command.fromFundId}'`,
          );
        }
        const from = assertFundOpenOn(state, command.fromFundId, occurredOn);
        const to = assertFundOpenOn(state, command.toFundId, occurredOn);
        assertAmountDong(command.amount);
        assertNeverOverdrawn(
          state,
          [{ fundId: from.id, occurredOn, amount: -command.amount, entryId: command.entryId }],
          `transferring ${dong(command.amount)} out of fund '${from.id}' on ${occurredOn}`,
        );
        return [
          {
            type: 'FundTransferred',
            data: {
              occurredOn,
              federationId,
              entryId: command.entryId,
              fromFundId: from.id,
              toFundId: to.id,
              amount: command.amount,
            },
          },
        ];
      }

      case 'CorrectEntry': {
        assertEntryIdFree(state, command.entryId);
        const target = assertCorrectable(state, command.correctsEntryId);
        assertNotBefore(occurredOn, target.occurredOn, `entry '${target.id}'`);
        if (command.reason.trim() === '') {
          throw new RuleBroken('fund.correction-reason', 'a correction needs a reason: say what was wrong');
        }
        const amountDelta = correctionDelta(command, target);
        const what =
          command.kind === 'reversal'
            ? `reversing entry '${target.id}' on ${occurredOn}`
            : `adjusting entry '${target.id}' by ${dong(amountDelta)} on ${occurredOn}`;
        assertNeverOverdrawn(state, changesOf(target, amountDelta, occurredOn, command.entryId), what);
        return [
          {
            type: 'EntryCorrected',
            data: {
              occurredOn,
              federationId,
              entryId: command.entryId,
              correctsEntryId: target.id,
              kind: command.kind,
              fundId: (target.fromFundId ?? target.toFundId) as string,
              amountDelta,
              reason: command.reason,
              // What the corrected entry was, so a reader need not look it up to post the correction.
              corrects: {
                kind: target.kind,
                fromFundId: target.fromFundId,
                toFundId: target.toFundId,
                category: target.category,
                recipientsDelta: command.kind === 'reversal' ? -target.recipients : 0,
              },
            },
          },
        ];
      }

      case 'ClosePeriod': {
        const { closedThrough } = command;
        assertPeriodDate(closedThrough, 'closedThrough');
        if (closedThrough > occurredOn) {
          throw new RuleBroken(
            'fund.period-not-ended',
            `a period can be closed only once it has ended: closedThrough ${closedThrough} is after the closing ` +
              `date ${occurredOn}`,
          );
        }
        if (state.closedThrough !== null && closedThrough <= state.closedThrough) {
          throw new RuleBroken(
            'fund.period-already-closed',
            `the fund book is already closed through ${state.closedThrough}; to close a longer period, name a ` +
              `later closedThrough`,
          );
        }
        return [{ type: 'PeriodClosed', data: { occurredOn, federationId, closedThrough } }];
      }

      case 'ReopenPeriod': {
        const { reopenedFrom, reason } = command;
        assertPeriodDate(reopenedFrom, 'reopenedFrom');
        if (reason.trim() === '') {
          throw new RuleBroken(
            'fund.period-reopen-reason',
            'reopening a closed period needs a reason: say what must be recorded in it and on whose authority',
          );
        }
        if (state.closedThrough === null || reopenedFrom > state.closedThrough) {
          throw new RuleBroken(
            'fund.period-not-closed',
            state.closedThrough === null
              ? 'no period of this fund book is closed, so there is nothing to reopen'
              : `${reopenedFrom} is not in the closed period (the book is closed through ${state.closedThrough}); ` +
                  'entries dated after it can be recorded without reopening',
          );
        }
        return [{ type: 'PeriodReopened', data: { occurredOn, federationId, reopenedFrom, reason } }];
      }

      default:
        return assertNever(command);
    }
  },
};

/**
 * Once a period is closed its figures are final: no entry, correction or new fund may be dated in it.
 * A mistake found later is corrected by an entry dated in the open period, or the period is reopened.
 */
function assertPeriodOpen(state: FundBookState, occurredOn: string): void {
  if (state.closedThrough !== null && occurredOn <= state.closedThrough) {
    throw new RuleBroken(
      'fund.period-closed',
      `the fund book is closed through ${state.closedThrough}, so nothing dated ${occurredOn} can be recorded; ` +
        `date a correction after ${state.closedThrough}, or reopen the period with a reason`,
    );
  }
}

function assertPeriodDate(date: string, what: string): void {
  if (!isBusinessDate(date)) {
    throw new RuleBroken('fund.period-date', `${what} must be a calendar date written YYYY-MM-DD, got '${date}'`);
  }
}

/** The items of a list, newest first. */
function* newestFirst<T>(list: Recorded<T> | null): Generator<T> {
  for (let node = list; node !== null; node = node.earlier) yield node.latest;
}

/**
 * An entry of the book by id: a contribution, payment or transfer with its amount after corrections and
 * whether it was reversed, or a correction as recorded. Its corrections are newer, so they are met first.
 */
export function findEntry(state: FundBookState, entryId: string): EntryNow | CorrectionEntry | undefined {
  let delta = 0;
  let reversed = false;
  for (const entry of newestFirst(state.entries)) {
    if (entry.kind === 'correction') {
      if (entry.id === entryId) return entry;
      if (entry.correctsEntryId === entryId) {
        delta += entry.amountDelta;
        reversed ||= entry.correction === 'reversal';
      }
    } else if (entry.id === entryId) {
      return { ...entry, amount: entry.amount + delta, reversed };
    }
  }
  return undefined;
}

/** A fund's balance at the end of a business date: everything dated on or before it. */
export function balanceOn(fund: Fund, date: string): number {
  let balance = 0;
  for (const m of newestFirst(fund.movements)) if (m.occurredOn <= date) balance = addDong(balance, m.amount);
  return balance;
}

function recorded(state: FundBookState, entry: MoneyEntry): FundBookState {
  return {
    ...state,
    funds: withChanges(state.funds, changesOf(entry, entry.amount, entry.occurredOn, entry.id)),
    entries: { latest: entry, earlier: state.entries },
  };
}

/** What changing an entry's amount by `delta` does to its funds: the source loses it, the destination gains it. */
function changesOf(entry: MoneyEntry, delta: number, occurredOn: string, entryId: string): FundChange[] {
  const changes: FundChange[] = [];
  if (entry.fromFundId !== null) changes.push({ fundId: entry.fromFundId, occurredOn, amount: -delta, entryId });
  if (entry.toFundId !== null) changes.push({ fundId: entry.toFundId, occurredOn, amount: delta, entryId });
  return changes;
}

function withChanges(funds: FundBookState['funds'], changes: FundChange[]): FundBookState['funds'] {
  const next = { ...funds };
  for (const { fundId, ...movement } of changes) {
    const fund = next[fundId];
    // A fund missing from the book can only come from foreign history; its movements have nowhere to go.
    if (fund) next[fundId] = { ...fund, movements: { latest: movement, earlier: fund.movements } };
  }
  return next;
}

/**
 * A new entry of money into or out of one fund, checked (its id unused, the fund open on its date, a whole-đồng
 * amount): the facts its event starts with.
 */
function checkedFundEntry(
  state: FundBookState,
  command: { entryId: string; fundId: string; amount: number },
  occurredOn: string,
  federationId: string,
) {
  assertEntryIdFree(state, command.entryId);
  const fund = assertFundOpenOn(state, command.fundId, occurredOn);
  assertAmountDong(command.amount);
  return { occurredOn, federationId, entryId: command.entryId, fundId: fund.id, amount: command.amount };
}

function assertEntryIdFree(state: FundBookState, entryId: string): void {
  const existing = findEntry(state, entryId);
  if (existing) {
    throw new RuleBroken(
      'fund.entry-id-taken',
      `entry '${entryId}' is already in this fund book (a ${existing.kind} of ${existing.occurredOn}); ` +
        'send a new id, or none to have one generated',
    );
  }
}

function assertFundOpenOn(state: FundBookState, fundId: string, date: string): Fund {
  const fund = state.funds[fundId];
  if (!fund) throw new NotFound('fund', fundId);
  if (date < fund.openedOn) {
    throw new RuleBroken(
      'fund.not-yet-open',
      `fund '${fund.id}' was opened only on ${fund.openedOn}, so nothing can be recorded in it on ${date}`,
    );
  }
  return fund;
}

/** One recipient paid `amount`, or `recipients` each paid `amountEach`, adding up exactly. */
function assertRecipients(amount: number, recipients: number, amountEach: number | null): void {
  if (!Number.isSafeInteger(recipients) || recipients < 1 || recipients > MAX_RECIPIENTS) {
    throw new RuleBroken(
      'fund.recipients-count',
      `recipients must be a whole number from 1 to ${MAX_RECIPIENTS.toLocaleString('en')}, got ${String(recipients)}`,
    );
  }
  if (amountEach === null) {
    if (recipients !== 1) {
      throw new RuleBroken(
        'fund.amount-each-required',
        `support to ${recipients} recipients needs amountEach (recipients × amountEach = amount); ` +
          'when they received different amounts, record one payment per amount',
      );
    }
    return;
  }
  assertAmountDong(amountEach, 'amountEach');
  if (recipients * amountEach !== amount) {
    throw new RuleBroken(
      'fund.recipients-times-amount-each',
      `${recipients.toLocaleString('en')} recipients × ${dong(amountEach)} is ` +
        `${dong(recipients * amountEach)}, not the amount ${dong(amount)}`,
    );
  }
}

function assertCorrectable(state: FundBookState, entryId: string): EntryNow {
  const entry = findEntry(state, entryId);
  if (!entry) throw new NotFound('fund entry', entryId);
  if (entry.kind === 'correction') {
    throw new RuleBroken(
      'fund.correction-not-correctable',
      `entry '${entry.id}' is itself a correction (of '${entry.correctsEntryId}'); correct that entry instead`,
    );
  }
  if (entry.reversed) {
    throw new RuleBroken(
      'fund.entry-reversed',
      `entry '${entry.id}' has already been reversed; record a new entry instead`,
    );
  }
  return entry;
}

/** The signed change to the entry's amount: all of it for a reversal, the clerk's delta for an adjustment. */
function correctionDelta(command: Extract<FundBookCommand, { type: 'CorrectEntry' }>, target: EntryNow): number {
  switch (command.kind) {
    case 'reversal':
      if (command.amountDelta !== null) {
        throw new RuleBroken(
          'fund.reversal-takes-no-delta',
          'a reversal cancels the whole entry and takes no amountDelta; use an adjustment to change its amount',
        );
      }
      return -target.amount;
    case 'adjustment': {
      const delta = command.amountDelta;
      if (delta === null || !Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_AMOUNT_DONG) {
        throw new RuleBroken(
          'fund.adjustment-delta',
          `an adjustment needs amountDelta, a non-zero whole number of đồng within ±${MAX_AMOUNT_DONG.toLocaleString('en')}, ` +
            `got ${String(delta)}`,
        );
      }
      if (target.amountEach !== null) {
        throw new RuleBroken(
          'fund.adjustment-of-itemised-payment',
          `entry '${target.id}' paid ${dong(target.amountEach)} to each recipient; reverse it and record the payment ` +
            'again with the right recipients or amountEach',
        );
      }
      const corrected = target.amount + delta;
      if (corrected <= 0) {
        throw new RuleBroken(
          'fund.adjustment-to-zero',
          `adjusting entry '${target.id}' (${dong(target.amount)}) by ${dong(delta)} leaves ${dong(corrected)}; ` +
            'to cancel an entry, reverse it',
        );
      }
      assertAmountDong(corrected, 'the corrected amount');
      return delta;
    }
    default:
      return assertNever(command.kind);
  }
}

/**
 * No fund may ever be below zero at the end of any business date. Entries can be back-dated, so the
 * balance is recomputed in date order from the earliest new change onwards, with the new changes in:
 * a payment dated 2023-01-01 cannot spend a contribution dated 2023-06-01.
 */
function assertNeverOverdrawn(state: FundBookState, changes: FundChange[], what: string): void {
  const outflows = new Set(changes.filter((c) => c.amount < 0).map((c) => c.fundId));
  for (const fundId of outflows) {
    const fund = state.funds[fundId];
    const added = changes.filter((c) => c.fundId === fundId);
    const from = added.reduce(
      (earliest, c) => (c.occurredOn < earliest ? c.occurredOn : earliest),
      added[0].occurredOn,
    );
    const inDateOrder = [...newestFirst(fund.movements)]
      .reverse()
      .concat(added)
      .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
    let balance = 0;
    for (let i = 0; i < inDateOrder.length; i++) {
      const { occurredOn } = inDateOrder[i];
      balance = addDong(balance, inDateOrder[i].amount);
      const endOfDay = i === inDateOrder.length - 1 || inDateOrder[i + 1].occurredOn !== occurredOn;
      if (endOfDay && occurredOn >= from && balance < 0) {
        throw new RuleBroken(
          'fund.overdrawn',
          `${what} would leave fund '${fund.id}' (${fund.name}) at ${dong(balance)} on ${occurredOn}; ` +
            'a fund can never go below zero on any date: check the amount and the date, and that the money ' +
            'it is paid from was received on or before it',
        );
      }
    }
  }
}

function dong(amount: number): string {
  return `${amount.toLocaleString('en')} đ`;
}

/**
 * A merge's fund handover: every fund of the merged federation's book with money in it, whole balance, into
 * the absorbing federation's fund of the same id, on the merge date. A book with an entry dated after the
 * merge is refused: the merge would contradict a fact already recorded for a later date.
 */
export function handOver(
  book: FundBookState,
  merge: { federationId: string; intoFederationId: string; occurredOn: string; entryPrefix: string },
): { handedOver: FundHandedOver[]; takenOver: FundTakenOver[] } {
  const { federationId, intoFederationId, occurredOn, entryPrefix } = merge;
  const handedOver: FundHandedOver[] = [];
  const takenOver: FundTakenOver[] = [];
  for (const fund of Object.values(book.funds)) {
    let balance = 0;
    for (const movement of newestFirst(fund.movements)) {
      if (movement.occurredOn > occurredOn) {
        throw new LaterFactContradicts(
          `federation '${federationId}' cannot merge on ${occurredOn}: its fund '${fund.id}' has an entry ` +
            `('${movement.entryId}') dated ${movement.occurredOn}, after the merge`,
        );
      }
      balance = addDong(balance, movement.amount);
    }
    if (balance === 0) continue;
    const entryId = `${entryPrefix}-${fund.id}`;
    handedOver.push({
      type: 'FundHandedOver',
      data: {
        occurredOn,
        federationId,
        entryId,
        fundId: fund.id,
        amount: balance,
        toFederationId: intoFederationId,
        toFundId: fund.id,
      },
    });
    takenOver.push({
      type: 'FundTakenOver',
      data: {
        occurredOn,
        federationId: intoFederationId,
        entryId,
        fundId: fund.id,
        kind: fund.kind,
        name: fund.name,
        amount: balance,
        fromFederationId: federationId,
        fromFundId: fund.id,
      },
    });
  }
  return { handedOver, takenOver };
}
