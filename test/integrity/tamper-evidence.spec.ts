import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { StoredEvent } from '../../src/core/event-store.port';
import { eventHash, fingerprintOf, GENESIS_HASH } from '../../src/integrity/event-hash';
import { stamp } from '../../src/integrity/hash-chained-event-store';
import { SEAL_STREAM } from '../../src/integrity/integrity.events';
import type { LogDigest } from '../../src/integrity/log-digest';
import { merkleRoot } from '../../src/integrity/merkle';
import { verifyLog, type VerificationReport } from '../../src/integrity/verify-log';
import { copyOf, openLedger, type RecordedLedger, recordLedger } from './ledger-history';

interface Row {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/**
 * Someone with write access to the SQLite file changes history behind the service's back; verification must
 * name the first position where the log is no longer as recorded.
 */
describe('tamper evidence on a real SQLite file', () => {
  let ledger: RecordedLedger;
  /** The two seals recorded, oldest first. */
  let seals: StoredEvent[];

  beforeAll(async () => {
    ledger = await recordLedger();
    seals = ledger.events.filter((e) => e.streamId === SEAL_STREAM);
  }, 180_000);
  afterAll(() => rmSync(ledger.folder, { recursive: true, force: true }));

  /** The recorded event matching a predicate; fails loudly when the history has none. */
  const find = (predicate: (e: StoredEvent) => boolean): StoredEvent => {
    const found = ledger.events.find(predicate);
    if (!found) throw new Error('no such event in the recorded history');
    return found;
  };
  const entry = (entryId: string) => find((e) => e.data.entryId === entryId);
  const sealedByFirstSeal = (e: StoredEvent) => e.position <= Number(seals[0].data.toPosition);

  /** Changes a copy of the recorded file directly, as an intruder would, then verifies it as the service does. */
  async function tamperAndVerify(
    change: (db: Database.Database) => void,
    options: { digest?: LogDigest; densePositions?: boolean } = {},
  ): Promise<VerificationReport> {
    const path = copyOf(ledger);
    const db = new Database(path);
    db.transaction(() => change(db))();
    db.close();
    const { store, integrity } = openLedger(path);
    try {
      return options.densePositions === false
        ? await verifyLog(store.readAll(), { digest: options.digest })
        : await integrity.verify(options.digest);
    } finally {
      await store.close();
    }
  }

  it('passes the log as recorded, checking every event and both seals', async () => {
    const report = await tamperAndVerify(() => undefined);
    expect(report).toMatchObject({
      ok: true,
      checked: ledger.events.length,
      head: ledger.events.length,
      seals: 2,
      sealedThrough: seals[1].data.toPosition,
      unsealed: ledger.events.length - Number(seals[1].data.toPosition),
      problems: [],
    });
    expect(report.firstProblem).toBeUndefined();
    expect(report.unsealed).toBeGreaterThan(1);
  });

  it('catches an amount changed inside a stored event, at its position', async () => {
    const contribution = entry('hk-thu-2');
    expect(sealedByFirstSeal(contribution)).toBe(true);
    const report = await tamperAndVerify((db) =>
      db
        .prepare("UPDATE events SET data = json_set(data, '$.amount', 30000000) WHERE position = ?")
        .run(contribution.position),
    );
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({
      position: contribution.position,
      streamId: 'fundbook-hoan-kiem',
      revision: contribution.revision,
      kind: 'altered',
    });
  });

  it('catches a change after the last seal too, by the event hash alone', async () => {
    const late = entry('bv-thu-2');
    expect(late.position).toBeGreaterThan(Number(seals[1].data.toPosition));
    const report = await tamperAndVerify((db) =>
      db
        .prepare("UPDATE events SET data = json_set(data, '$.amount', 100000000) WHERE position = ?")
        .run(late.position),
    );
    expect(report.firstProblem).toMatchObject({ position: late.position, kind: 'altered' });
  });

  it('catches a change of who recorded an event (metadata is hashed too)', async () => {
    const payment = entry('hk-chi-1');
    const report = await tamperAndVerify((db) =>
      db
        .prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone-else') WHERE position = ?")
        .run(payment.position),
    );
    expect(report.firstProblem).toMatchObject({ position: payment.position, kind: 'altered' });
  });

  it('catches a deleted row at the position it left empty', async () => {
    const payment = entry('hk-chi-1');
    expect(sealedByFirstSeal(payment)).toBe(true);
    const report = await tamperAndVerify((db) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(payment.position),
    );
    expect(report.firstProblem).toMatchObject({ position: payment.position, streamId: null, kind: 'missing' });
  });

  it('catches a deleted row where positions are not dense (as on KurrentDB), from the seal, just after it', async () => {
    const payment = entry('hk-chi-1');
    const report = await tamperAndVerify(
      (db) => db.prepare('DELETE FROM events WHERE position = ?').run(payment.position),
      {
        densePositions: false,
      },
    );
    // The fund book's next event shows the gap in its revisions; the seal says the same of the global log.
    expect(report.firstProblem).toMatchObject({ position: payment.position + 1, kind: 'revision-gap' });
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          position: payment.position + 1,
          kind: 'not-as-sealed',
          detail: expect.stringContaining('deleted or reordered'),
        }),
      ]),
    );
  });

  it("catches the deletion of a stream's last event, which no chain notices, from the seal", async () => {
    // A member's only event, deleted, and the events after it moved one place down so no position is empty.
    const joined = find((e) => e.type === 'MemberJoined' && sealedByFirstSeal(e));
    expect(ledger.events.filter((e) => e.streamId === joined.streamId)).toHaveLength(1);
    const report = await tamperAndVerify((db) => {
      db.prepare('DELETE FROM events WHERE position = ?').run(joined.position);
      renumberDown(db, joined.position);
    });
    expect(report.firstProblem).toMatchObject({ position: joined.position, kind: 'not-as-sealed' });
    expect(report.firstProblem!.detail).toContain('deleted or reordered');
  });

  it('catches two events of independent streams swapped, which no chain notices, from the seal', async () => {
    const [first, second] = ledger.events.filter((e) => e.type === 'MemberJoined' && sealedByFirstSeal(e));
    expect(first.streamId).not.toBe(second.streamId);
    const report = await tamperAndVerify((db) => swapRows(db, first.position, second.position));
    expect(report.firstProblem).toMatchObject({
      position: first.position,
      streamId: second.streamId,
      kind: 'not-as-sealed',
    });
    expect(report.problems.map((p) => p.kind)).not.toContain('altered');
  });

  it('catches two events of one stream swapped at the first of them', async () => {
    const a = entry('hk-thu-1');
    const b = entry('hk-chi-1');
    const report = await tamperAndVerify((db) => swapRows(db, a.position, b.position));
    expect(report.firstProblem).toMatchObject({
      position: a.position,
      streamId: 'fundbook-hoan-kiem',
      kind: 'revision-gap',
    });
  });

  it('catches a forged middle link whose ends look right (the chain re-hashed to the stream end), from the seal', async () => {
    const contribution = entry('hk-thu-2');
    const report = await tamperAndVerify((db) => {
      setData(db, contribution.position, { amount: 30_000_000 });
      rehashStreamFrom(db, 'fundbook-hoan-kiem', contribution.revision);
    });
    // Every hash and every link checks out: only the seal's record of the event shows it.
    expect(report.problems.map((p) => p.kind)).not.toEqual(expect.arrayContaining(['altered']));
    expect(report.problems.map((p) => p.kind)).not.toEqual(expect.arrayContaining(['broken-link']));
    expect(report.firstProblem).toMatchObject({
      position: contribution.position,
      streamId: 'fundbook-hoan-kiem',
      kind: 'not-as-sealed',
    });
  });

  it('catches a forged link whose hash and next link were recomputed, at the forged event', async () => {
    const contribution = entry('hk-thu-2');
    const next = find((e) => e.streamId === 'fundbook-hoan-kiem' && e.revision === contribution.revision + 1);
    const report = await tamperAndVerify((db) => {
      const hash = setData(db, contribution.position, { amount: 30_000_000 });
      db.prepare("UPDATE events SET metadata = json_set(metadata, '$.previousHash', ?) WHERE position = ?").run(
        hash,
        next.position,
      );
    });
    expect(report.firstProblem).toMatchObject({ position: contribution.position, kind: 'not-as-sealed' });
    // The next event's own hash covers the link it carries, so it shows too.
    expect(report.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ position: next.position, kind: 'altered' })]),
    );
  });

  it('catches an event inserted into the middle of the log, at the position it took', async () => {
    const payment = entry('hk-chi-1');
    const report = await tamperAndVerify((db) => {
      renumberUp(db, payment.position);
      // A well-formed, correctly hashed event of a stream of its own: only the seal knows it was not there.
      const [forged] = stamp(
        'fundbook-forged',
        [
          {
            id: randomUUID(),
            type: 'ContributionReceived',
            data: { occurredOn: '2020-01-18', federationId: 'forged', entryId: 'x', fundId: 'social', amount: 1 },
            metadata: { ...payment.metadata },
          },
        ],
        null,
      );
      db.prepare(
        'INSERT INTO events (position, id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?)',
      ).run(
        payment.position,
        forged.id,
        'fundbook-forged',
        forged.type,
        JSON.stringify(forged.data),
        JSON.stringify(forged.metadata),
        forged.metadata.recordedAt,
      );
    });
    expect(report.firstProblem).toMatchObject({
      position: payment.position,
      streamId: 'fundbook-forged',
      kind: 'not-as-sealed',
    });
  });

  it('catches a seal whose Merkle root was edited', async () => {
    const report = await tamperAndVerify((db) => {
      setData(db, seals[0].position, { merkleRoot: 'f'.repeat(64) });
      rehashStreamFrom(db, SEAL_STREAM, seals[0].revision);
    });
    expect(report.firstProblem).toMatchObject({ kind: 'seal-mismatch', position: 1 });
  });

  describe('a digest kept by an inspector', () => {
    /** The digest taken when the history was recorded. */
    let digest: LogDigest;

    beforeAll(async () => {
      const { store, integrity } = openLedger(copyOf(ledger));
      digest = await integrity.digest();
      await store.close();
    });

    it('covers the whole log as it stood, with its last seal', () => {
      expect(digest).toMatchObject({
        position: ledger.events.length,
        count: ledger.events.length,
        seal: { position: seals[1].position, toPosition: seals[1].data.toPosition },
      });
    });

    it('still verifies after more appends and seals', async () => {
      const { store, integrity } = openLedger(copyOf(ledger));
      await store.append('fundbook-later', [laterEvent(), laterEvent()], 'no_stream');
      await integrity.seal('test');
      await store.append('fundbook-later', [laterEvent()], 1);
      const report = await integrity.verify(digest);
      await store.close();
      expect(report).toMatchObject({
        ok: true,
        checked: ledger.events.length + 4,
        digest: { position: digest.position, checkedBy: 'merkle-root', matches: true },
      });
    });

    it('catches a rewrite before it that re-hashed every chain and re-made every seal, which nothing else shows', async () => {
      const contribution = entry('hk-thu-2');
      const rewrite = (db: Database.Database) => {
        setData(db, contribution.position, { amount: 30_000_000 });
        rewriteConsistently(db);
      };
      const unnoticed = await tamperAndVerify(rewrite);
      expect(unnoticed.ok).toBe(true);

      const report = await tamperAndVerify(rewrite, { digest });
      expect(report.ok).toBe(false);
      expect(report.digest).toMatchObject({ matches: false });
      expect(report.firstProblem!.kind).toBe('digest-mismatch');
      expect(report.firstProblem!.position).toBeLessThanOrEqual(digest.position);
    });

    it('catches the last event deleted, which nothing else shows', async () => {
      const last = ledger.events[ledger.events.length - 1];
      const remove = (db: Database.Database) => db.prepare('DELETE FROM events WHERE position = ?').run(last.position);
      expect((await tamperAndVerify(remove)).ok).toBe(true);
      const report = await tamperAndVerify(remove, { digest });
      expect(report.firstProblem).toMatchObject({ position: last.position, kind: 'digest-mismatch' });
    });
  });
});

function laterEvent() {
  return {
    id: randomUUID(),
    type: 'TestRecorded',
    data: { occurredOn: '2026-06-01' },
    metadata: {
      occurredOn: '2026-06-01',
      recordedAt: '2026-06-30T03:00:00.000Z',
      actor: 'test',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

function rowAt(db: Database.Database, position: number): Row {
  return db.prepare<[number], Row>('SELECT * FROM events WHERE position = ?').get(position)!;
}

/** Changes fields of an event's data and gives it the hash its new content has; returns that hash. */
function setData(db: Database.Database, position: number, changes: Record<string, unknown>): string {
  const row = rowAt(db, position);
  const data = { ...JSON.parse(row.data), ...changes };
  const metadata = JSON.parse(row.metadata);
  delete metadata.hash;
  metadata.hash = eventHash({
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    type: row.type,
    data,
    metadata,
  });
  db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(
    JSON.stringify(data),
    JSON.stringify(metadata),
    position,
  );
  return metadata.hash;
}

/** Re-links and re-hashes a stream from a revision to its end, so its chain checks out again. */
function rehashStreamFrom(db: Database.Database, streamId: string, fromRevision: number): void {
  const rows = db.prepare<[string], Row>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(streamId);
  let previousHash = fromRevision === 0 ? GENESIS_HASH : JSON.parse(rows[fromRevision - 1].metadata).hash;
  for (const row of rows.slice(fromRevision)) {
    const metadata = JSON.parse(row.metadata);
    delete metadata.hash;
    metadata.previousHash = previousHash;
    const data = JSON.parse(row.data);
    metadata.hash = eventHash({
      id: row.id,
      streamId: row.stream_id,
      revision: row.revision,
      type: row.type,
      data,
      metadata,
    });
    db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(JSON.stringify(metadata), row.position);
    previousHash = metadata.hash;
  }
}

/**
 * An intruder with this code: re-hashes every event, re-links every stream and re-makes every seal, in log
 * order, so that every check inside the log passes. Only a digest kept outside it can show the rewrite.
 */
function rewriteConsistently(db: Database.Database): void {
  const heads = new Map<string, string>();
  let leaves: { position: number; hash: string }[] = [];
  let lastSealHash = GENESIS_HASH;
  for (const row of db.prepare<[], Row>('SELECT * FROM events ORDER BY position').all()) {
    const data = JSON.parse(row.data);
    const metadata = JSON.parse(row.metadata);
    if (row.stream_id === SEAL_STREAM) {
      const covered = leaves.filter((leaf) => leaf.position > data.fromPosition && leaf.position <= data.toPosition);
      data.merkleRoot = merkleRoot(covered.map((leaf) => leaf.hash));
      data.leafFingerprints = covered.map((leaf) => fingerprintOf(leaf.hash)).join('');
      data.previousSealHash = lastSealHash;
      leaves = leaves.filter((leaf) => leaf.position > data.toPosition);
    }
    delete metadata.hash;
    metadata.previousHash = heads.get(row.stream_id) ?? GENESIS_HASH;
    metadata.hash = eventHash({
      id: row.id,
      streamId: row.stream_id,
      revision: row.revision,
      type: row.type,
      data,
      metadata,
    });
    heads.set(row.stream_id, metadata.hash);
    leaves.push({ position: row.position, hash: metadata.hash });
    if (row.stream_id === SEAL_STREAM) lastSealHash = metadata.hash;
    db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(
      JSON.stringify(data),
      JSON.stringify(metadata),
      row.position,
    );
  }
}

/** Exchanges everything but the position between two rows. */
function swapRows(db: Database.Database, a: number, b: number): void {
  const rowA = rowAt(db, a);
  const rowB = rowAt(db, b);
  const put = db.prepare(
    'UPDATE events SET id = ?, stream_id = ?, revision = ?, type = ?, data = ?, metadata = ? WHERE position = ?',
  );
  put.run(`swap-${a}`, `swap-${a}`, -1, 'Swap', '{}', '{}', a);
  put.run(rowA.id, rowA.stream_id, rowA.revision, rowA.type, rowA.data, rowA.metadata, b);
  put.run(rowB.id, rowB.stream_id, rowB.revision, rowB.type, rowB.data, rowB.metadata, a);
}

/** Moves every event from `position` on one place later, leaving `position` free. */
function renumberUp(db: Database.Database, position: number): void {
  db.prepare('UPDATE events SET position = -(position + 1) WHERE position >= ?').run(position);
  db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
}

/** Moves every event after `position` one place earlier, closing the gap a deletion left. */
function renumberDown(db: Database.Database, position: number): void {
  db.prepare('UPDATE events SET position = -(position - 1) WHERE position > ?').run(position);
  db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
}
