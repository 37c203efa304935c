import { UNIONS, type UnionDoc } from '../../projections/membership/membership.projection';
import type { ProjectionReader } from '../core/projection-reader';
import type { ReadAt } from '../core/read-store.port';
import { csvHeader, csvRow, numberCell, textCell } from './csv';

export const MEMBERSHIP_COLUMNS = [
  'row',
  'unionId',
  'name',
  'sector',
  'status',
  'foundedOn',
  'dissolvedOn',
  'members',
  'joined',
  'left',
  'transferredIn',
  'transferredOut',
] as const;

const PAGE = 500;

export interface MembershipExportRequest {
  federationId: string;
  year: number;
  /** The date of the structure and head counts; the year's movements are counted from 1 January to it. */
  asOf: string;
  knownAt?: number;
}

type Movements = Pick<UnionDoc, 'joined' | 'left' | 'transferredIn' | 'transferredOut'>;
const NONE: Movements = { joined: 0, left: 0, transferredIn: 0, transferredOut: 0 };

/**
 * A federation's grassroots unions (CĐCS) on a date, one row each in id order, then a totals row: members
 * on the date, and joins, departures and transfers in the year up to that date (the union's cumulative
 * counters on the date minus those at the end of the previous year, as the read models count a period).
 * Read a page of unions at a time. Only the unions directly under the federation, as its membership
 * figures count them.
 */
export async function* membershipCsv(
  reader: ProjectionReader,
  request: MembershipExportRequest,
): AsyncGenerator<string> {
  const { federationId, year, asOf, knownAt } = request;
  const at: ReadAt = { asOf, knownAt };
  const yearBefore: ReadAt = { asOf: `${year - 1}-12-31`, knownAt };
  const totals = { unions: 0, active: 0, dissolved: 0, members: 0, ...NONE };
  yield csvHeader(MEMBERSHIP_COLUMNS);
  let after: string | undefined;
  for (;;) {
    const page = await reader.list<UnionDoc>(UNIONS, { where: { federationId }, at, limit: PAGE, after });
    const starts = await Promise.all(page.map(({ id }) => reader.get<UnionDoc>(UNIONS, id, yearBefore)));
    let chunk = '';
    page.forEach(({ doc: union }, i) => {
      const start = starts[i] ?? NONE;
      const inYear: Movements = {
        joined: union.joined - start.joined,
        left: union.left - start.left,
        transferredIn: union.transferredIn - start.transferredIn,
        transferredOut: union.transferredOut - start.transferredOut,
      };
      totals.unions += 1;
      if (union.status === 'active') totals.active += 1;
      else totals.dissolved += 1;
      totals.members += union.members;
      totals.joined += inYear.joined;
      totals.left += inYear.left;
      totals.transferredIn += inYear.transferredIn;
      totals.transferredOut += inYear.transferredOut;
      chunk += csvRow([
        'union',
        textCell(union.unionId),
        textCell(union.name),
        textCell(union.sector),
        textCell(union.status),
        textCell(union.foundedOn),
        textCell(union.dissolvedOn),
        numberCell(union.members),
        ...movementCells(inYear),
      ]);
    });
    if (chunk !== '') yield chunk;
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  yield csvRow([
    'total',
    '',
    textCell(`${totals.unions} unions (${totals.active} active, ${totals.dissolved} dissolved)`),
    '',
    '',
    '',
    '',
    numberCell(totals.members),
    ...movementCells(totals),
  ]);
}

const movementCells = (m: Movements) => [
  numberCell(m.joined),
  numberCell(m.left),
  numberCell(m.transferredIn),
  numberCell(m.transferredOut),
];
