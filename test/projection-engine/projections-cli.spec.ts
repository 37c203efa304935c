import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ALL_PROJECTIONS } from '../../projections';
import { main } from '../../src/cli/projections';
import type { EventToAppend } from '../../src/core/event-store.port';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';

const membership = ALL_PROJECTIONS.find((p) => p.name === 'membership')!;
const LIVE = `membership_v${membership.version}`;

function event(type: string, occurredOn: string, recordedAt: string, data: Record<string, unknown>): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: { occurredOn, ...data },
    metadata: { occurredOn, recordedAt, actor: 'cli-test', correlationId: randomUUID(), causationId: null },
  };
}

/** Runs the CLI in this process and keeps what it printed. */
async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const progress = new PassThrough();
  const drawn: Buffer[] = [];
  progress.on('data', (chunk: Buffer) => drawn.push(chunk));
  const code = await main(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    progress,
    logLevels: false,
  });
  return { code, out: out.join('\n'), err: err.join('\n'), progress: Buffer.concat(drawn).toString() };
}

describe('the projections command line (run in-process)', () => {
  let folder: string;
  let path: string;

  /** Three events recorded in January, two in February (one back-dated to 2023). */
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'union-ledger-cli-'));
    path = join(folder, 'ledger.sqlite');
    const store = new SqliteEventStore(openSqliteDatabase({ path }));
    const january = '2024-01-10T02:00:00.000Z';
    const february = '2024-02-10T02:00:00.000Z';
    await store.append(
      'federation-ba-vi',
      [
        event('FederationRegistered', '1991-01-01', january, {
          federationId: 'ba-vi',
          name: 'LĐLĐ huyện Ba Vì',
          level: 'district',
          parentId: null,
        }),
      ],
      'no_stream',
    );
    await store.append(
      'union-school',
      [
        event('UnionFounded', '2010-01-01', january, {
          unionId: 'school',
          federationId: 'ba-vi',
          name: 'CĐCS trường',
          sector: 'public-service',
        }),
      ],
      'no_stream',
    );
    const joined = (memberId: string, occurredOn: string, recordedAt: string) =>
      store.append(
        `member-${memberId}`,
        [event('MemberJoined', occurredOn, recordedAt, { memberId, unionId: 'school', federationId: 'ba-vi' })],
        'no_stream',
      );
    await joined('lan', '2024-01-05', january);
    await joined('minh', '2024-02-01', february);
    await joined('hoa', '2023-06-01', february);
    await store.close();
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** What the file holds, read with a connection of the test's own. */
  async function readBack<T>(read: (store: SqliteReadStore) => Promise<T>): Promise<T> {
    const db = openSqliteDatabase({ path });
    try {
      return await read(new SqliteReadStore(db));
    } finally {
      db.close();
    }
  }

  it('status: every projection caught up with the log, as JSON or as a table', async () => {
    const json = await run('--sqlite-path', path, 'status', '--json', '--wait', '10');
    expect(json).toMatchObject({ code: 0, err: '' });
    const statuses = JSON.parse(json.out) as { name: string }[];
    expect(statuses.map((s) => s.name)).toEqual(ALL_PROJECTIONS.map((p) => p.name));
    expect(statuses.find((s) => s.name === 'membership')).toMatchObject({
      namespace: LIVE,
      state: 'live',
      checkpoint: 5,
      head: 5,
      lagEvents: 0,
      failure: null,
    });

    const table = await run('status', '--sqlite-path', path);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.out.split('\n');
    expect(header).toMatch(/^projection\s+version\s+namespace\s+state\s+checkpoint\s+head\s+lag events\s+lag seconds$/);
    expect(rows).toContainEqual(
      expect.stringMatching(new RegExp(`^membership\\s+${membership.version}\\s+${LIVE}\\s+live\\s+5\\s+5\\s+0\\s+0$`)),
    );
  });

  it('rebuild --until <position>: an audit copy as of that position, the live namespace untouched, with progress', async () => {
    const liveBefore = await readBack((reads) => reads.list(LIVE, 'unions'));
    expect(liveBefore).toEqual([{ id: 'school', doc: expect.objectContaining({ members: 3, joined: 3 }) }]);

    const result = await run('--sqlite-path', path, 'rebuild', 'membership', '--until', '3');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(
      `membership: audit copy ${LIVE}_at3 built up to position 3; the live namespace is untouched`,
    );
    expect(result.progress).toContain('100% | 3/3 positions');

    await readBack(async (reads) => {
      expect(await reads.liveNamespace('membership')).toBe(LIVE);
      expect(await reads.list(LIVE, 'unions')).toEqual(liveBefore);
      expect(await reads.checkpoint(`${LIVE}_at3`)).toBe(3);
      expect(await reads.get(`${LIVE}_at3`, 'unions', 'school')).toMatchObject({ members: 1, joined: 1 });
    });
  });

  it('rebuild --until <instant>: the last position recorded at or before it', async () => {
    const result = await run('--sqlite-path', path, 'rebuild', 'membership', '--until', '2024-01-31T00:00:00+07:00');
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining(`${LIVE}_at3 built up to position 3`) });
  });

  it('rebuild <name> and rebuild --all: new namespaces serving readers, with the same documents', async () => {
    const before = await readBack((reads) => reads.list(LIVE, 'unions'));
    const one = await run('--sqlite-path', path, 'rebuild', 'membership');
    expect(one).toMatchObject({
      code: 0,
      out: `membership: rebuilt into ${LIVE}_r2 up to position 5; it now serves readers`,
    });

    const all = await run('--sqlite-path', path, 'rebuild', '--all');
    expect(all.code).toBe(0);
    expect(all.out.split('\n')).toHaveLength(ALL_PROJECTIONS.length);
    await readBack(async (reads) => {
      const namespace = await reads.liveNamespace('membership');
      expect(namespace).toBe(`${LIVE}_r3`);
      expect(await reads.list(namespace!, 'unions')).toEqual(before);
      for (const { name } of ALL_PROJECTIONS) expect(await reads.liveNamespace(name)).toMatch(/_r\d+$/);
    });
  });

  it('fails with a clear message and a non-zero status', async () => {
    const unknown = await run('--sqlite-path', path, 'rebuild', 'nothing');
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toBe("error: no projection 'nothing'; known: " + ALL_PROJECTIONS.map((p) => p.name).join(', '));

    const beyond = await run('--sqlite-path', path, 'rebuild', 'membership', '--until', '99');
    expect(beyond).toMatchObject({ code: 1, err: 'error: until 99 is past the last event recorded (position 5)' });
    const malformed = await run('--sqlite-path', path, 'rebuild', 'membership', '--until', 'last-week');
    expect(malformed.code).toBe(1);
    expect(malformed.err).toContain(
      'until must be a log position (a whole number, 0 or more) or an ISO-8601 instant with a time zone',
    );

    expect(await run('--sqlite-path', path, 'rebuild')).toMatchObject({
      code: 1,
      err: 'error: name one projection, or pass --all',
    });
    expect(await run('--sqlite-path', join(folder, 'missing.sqlite'), 'status')).toMatchObject({
      code: 1,
      err: expect.stringContaining("no ledger at '"),
    });
    const usage = await run('--sqlite-path', path, 'statuz');
    expect(usage.code).toBe(1);
    expect(usage.err).toContain("unknown command 'statuz'");
  });
});
