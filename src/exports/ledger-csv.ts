import type { LedgerLineDoc } from '../../projections/funds/funds.projection';
import { fundFigures, ledgerPage, MAX_LEDGER_PAGE } from '../../projections/funds/funds.queries';
import { dayBefore } from '../core/business-date';
import type { ProjectionReader } from '../core/projection-reader';
import { csvHeader, csvRow, numberCell, textCell } from './csv';

export const LEDGER_COLUMNS = [
  'date',
  'entryId',
  'line',
  'amount',
  'balance',
  'category',
  'counterpartyKind',
  'counterpartyId',
  'counterpartyName',
  'recipients',
  'amountEach',
  'correction',
  'correctsEntryId',
  'reason',
  'recordedBy',
  'recordedAt',
] as const;

export interface LedgerExportRequest {
  federationId: string;
  fundId: string;
  from?: string;
  to?: string;
  knownAt?: number;
  /** Lines read per page from the read model; the largest page by default. */
  pageSize?: number;
}

/**
 * A fund's ledger (sổ chi tiết) as CSV rows, read page by page with the ledger cursor: the header, then
 * one row per line in date order. `balance` is the fund's balance after the line, starting from its
 * balance at the end of the day before `from`, so the last row's balance is the fund's balance on `to`.
 */
export async function* ledgerCsv(reader: ProjectionReader, request: LedgerExportRequest): AsyncGenerator<string> {
  const { federationId, fundId, from, to, knownAt, pageSize = MAX_LEDGER_PAGE } = request;
  const opening =
    from === undefined ? null : await fundFigures(reader, federationId, fundId, { asOf: dayBefore(from), knownAt });
  // BigInt: a running sum never loses a đồng, however large the fund.
  let balance = BigInt(opening?.balance ?? 0);
  yield csvHeader(LEDGER_COLUMNS);
  let after: string | undefined;
  do {
    const page = await ledgerPage(reader, federationId, fundId, { from, to, knownAt, after, limit: pageSize });
    let chunk = '';
    for (const line of page.lines) {
      balance += BigInt(line.amount);
      chunk += ledgerRow(line, balance);
    }
    if (chunk !== '') yield chunk;
    after = page.next ?? undefined;
  } while (after !== undefined);
}

function ledgerRow(line: LedgerLineDoc, balance: bigint): string {
  return csvRow([
    textCell(line.occurredOn),
    textCell(line.entryId),
    textCell(line.line),
    numberCell(line.amount),
    numberCell(balance),
    textCell(line.category),
    textCell(line.counterparty?.kind),
    textCell(line.counterparty?.id),
    textCell(line.counterparty?.name),
    numberCell(line.recipients),
    numberCell(line.amountEach),
    textCell(line.correction),
    textCell(line.correctsEntryId),
    textCell(line.reason),
    textCell(line.recordedBy),
    textCell(line.recordedAt),
  ]);
}
