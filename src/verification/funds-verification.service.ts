import { FUNDS, type FundDoc } from '../../projections/funds/funds.projection';
import { federationFunds, fundFlows, ledgerPage, MAX_LEDGER_PAGE } from '../../projections/funds/funds.queries';
import { NotFound } from '../core/domain-error';
import type { EventStore } from '../core/event-store.port';
import type { ProjectionReader } from '../core/projection-reader';
import type { ProjectionRunner } from '../core/projection-runner';
import { ReadModelBehind } from '../read-models/read-model-access';
import { entryTrail, type EntryTrail } from './funds/entry-trail';
import { emptyLedger, type FundBookLedger, fundLedgersFrom } from './funds/fund-ledger';
import {
  type FundsVerification,
  type ResolvedQuery,
  resolveQuery,
  summarise,
  type VerificationQuery,
  verifyBook,
} from './funds/fund-verification';
import {
  type Difference,
  type ReadModelBook,
  type ReadModelLedgerLine,
  type ReadModelPeriod,
  reconcileBook,
} from './funds/read-model-reconciliation';
import { ALL_DATES } from './funds/verification-dates';

/** The funds read model's name, as the projection runner knows it. */
const FUNDS_PROJECTION = 'funds';
const FUND_BOOK_STREAM = 'fundbook-';

export interface FundsReconciliation extends FundsVerification {
  /** The log position both sides were read at: the events up to it, the read model as known at it. */
  knownAt: number;
  /** Every figure where the read model differs from the events, to the đồng. */
  differences: Difference[];
  /** Sound, and not one difference. */
  reconciled: boolean;
}

/**
 * The edge where the independent verifier meets the read model: it reads the fund books straight from the
 * event store, recomputes them with `./funds` (which knows nothing of the projection), reads the funds read
 * model at the same log position through its ordinary queries, and sets the two side by side.
 * No NestJS here: the module wires it, and the command line builds it from the application context.
 */
export class FundsVerificationService {
  constructor(
    private readonly events: EventStore,
    private readonly reader: () => ProjectionReader,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * Verifies every fund book, or one federation's. Waits up to `waitMs` for the read model to reach the head
   * of the log (503 otherwise), so both sides describe the same events.
   */
  async verify(
    query: VerificationQuery & { federationId?: string },
    { waitMs = 5_000 }: { waitMs?: number } = {},
  ): Promise<FundsReconciliation> {
    const resolved = resolveQuery(query);
    const head = await this.events.headPosition();
    if (!(await this.runner.waitFor(FUNDS_PROJECTION, head, waitMs))) {
      throw new ReadModelBehind(FUNDS_PROJECTION, head);
    }
    const reader = this.reader();
    const federationIds =
      query.federationId !== undefined ? [query.federationId] : await this.everyFundBook(reader, head);

    const books = [];
    const differences: Difference[] = [];
    // One book at a time: memory stays bounded by the largest book, not the whole log.
    for (const federationId of federationIds) {
      const ledger = await this.ledgerOf(federationId, head);
      const verification = verifyBook(ledger, resolved);
      const periodFunds = verification.period?.funds.map((fund) => fund.fundId) ?? null;
      const readModel = await readModelBook(reader, federationId, resolved, head, periodFunds);
      if (query.federationId !== undefined && ledger.eventsRead === 0 && readModel.funds.length === 0) {
        throw new NotFound('fund book of federation', federationId);
      }
      differences.push(...reconcileBook(ledger, verification, readModel, resolved.asOf));
      books.push(verification);
    }
    const summary = summarise(books, resolved, head);
    return { ...summary, knownAt: head, differences, reconciled: summary.sound && differences.length === 0 };
  }

  /** The trail of one entry: the original, each correction, who recorded it, when, why, and the amount after. */
  async entryTrail(federationId: string, entryId: string): Promise<EntryTrail> {
    const events = await this.events.readStream(`${FUND_BOOK_STREAM}${federationId}`);
    if (events.length === 0) throw new NotFound('fund book of federation', federationId);
    const ledger = (await fundLedgersFrom(events, { federationId })).get(federationId) ?? emptyLedger(federationId);
    const trail = entryTrail(ledger, entryId);
    if (!trail) throw new NotFound('fund entry', entryId);
    return trail;
  }

  private async ledgerOf(federationId: string, head: number): Promise<FundBookLedger> {
    const events = await this.events.readStream(`${FUND_BOOK_STREAM}${federationId}`);
    const ledgers = await fundLedgersFrom(events, { federationId, knownAt: head });
    return ledgers.get(federationId) ?? emptyLedger(federationId);
  }

  /** Every federation with a fund book in the log, and every one the read model holds funds for. */
  private async everyFundBook(reader: ProjectionReader, head: number): Promise<string[]> {
    const ids = new Set<string>();
    for await (const event of this.events.readAll()) {
      if (event.position > head) break;
      if (event.streamId.startsWith(FUND_BOOK_STREAM)) ids.add(event.streamId.slice(FUND_BOOK_STREAM.length));
    }
    for (const { doc } of await reader.listAll<FundDoc>(FUNDS, { at: { knownAt: head } })) ids.add(doc.federationId);
    return [...ids].sort();
  }
}

/**
 * What the funds read model answers about one federation, through its ordinary queries, as known at `knownAt`:
 * the funds open on `asOf` with their figures, the federation's totals, each named fund's flows over the
 * period, and every ledger line dated up to `asOf`.
 */
export async function readModelBook(
  reader: ProjectionReader,
  federationId: string,
  query: ResolvedQuery,
  knownAt: number | undefined,
  periodFundIds: readonly string[] | null,
): Promise<ReadModelBook> {
  const asOf = query.asOf === ALL_DATES ? undefined : query.asOf;
  const { totals, funds } = await federationFunds(reader, federationId, { asOf, knownAt });

  let period: Map<string, ReadModelPeriod | null> | null = null;
  if (query.period && periodFundIds) {
    period = new Map();
    for (const fundId of periodFundIds) {
      period.set(fundId, await fundFlows(reader, federationId, fundId, query.period.from, query.period.to, knownAt));
    }
  }

  const ledger: ReadModelLedgerLine[] = [];
  for (const { fundId } of funds) {
    let after: string | undefined;
    do {
      const page = await ledgerPage(reader, federationId, fundId, { to: asOf, knownAt, after, limit: MAX_LEDGER_PAGE });
      ledger.push(...page.lines);
      after = page.next ?? undefined;
    } while (after !== undefined);
  }
  return { federationId, funds, totals, period, ledger };
}
