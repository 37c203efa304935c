import type { Response } from 'supertest';
import { ALL_PROJECTIONS } from '../../projections';
import type { Projection } from '../../src/core/projection';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { READ_STORE, type ReadAt, type ReadStore } from '../../src/core/read-store.port';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';

const lan = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };

/** Polls until `check` stops throwing; fails with its last error after `timeoutMs`. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** A small harness over one test application. */
function harness(t: () => TestApp) {
  const reads = () => t().app.get<ReadStore>(READ_STORE);
  const runner = () => t().app.get(ProjectionRunner);

  async function created(path: string, body: object): Promise<number> {
    const res = await t().http().post(path).send(body).expect(201);
    return res.body.position as number;
  }

  /** Every projection has applied the whole log: the figures below are final. */
  async function caughtUp(): Promise<number> {
    const head = await t().logLength();
    for (const { name } of ALL_PROJECTIONS) expect(await runner().waitFor(name, head, 10_000)).toBe(true);
    return head;
  }

  async function statusOf(name: string) {
    const res = await t().http().get('/projections').expect(200);
    return (res.body.projections as { name: string; [key: string]: unknown }[]).find((s) => s.name === name)!;
  }

  /** Waits for the rebuild started over HTTP into `namespace` to finish, and says it succeeded. */
  async function rebuilt(name: string, namespace: string) {
    return eventually(async () => {
      const status = await statusOf(name);
      expect(status.lastRebuild).toMatchObject({ namespace, outcome: 'done', error: null });
      return status;
    });
  }

  /**
   * Every document of every collection of a namespace, read now, as of a business date and as known at
   * a position: what two builds from the same log must agree on.
   */
  async function everything(namespace: string, projection: Projection, knownAt: number) {
    const views: Record<string, ReadAt> = { now: {}, asOf: { asOf: '2023-06-30' }, knownAt: { knownAt } };
    const dump: Record<string, unknown[]> = {};
    for (const collection of Object.keys(projection.collections)) {
      for (const [view, at] of Object.entries(views)) {
        const all: unknown[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await reads().list(namespace, collection, { at, after, limit: 1000 });
          all.push(...page);
          if (page.length < 1000) break;
          after = page[page.length - 1].id;
        }
        dump[`${collection} ${view}`] = all;
      }
    }
    return dump;
  }

  return { reads, runner, created, caughtUp, statusOf, rebuilt, everything };
}

describe('projections administration over HTTP', () => {
  let t: TestApp;
  const h = harness(() => t);
  /** The log position after the first part of the history: the point audit copies are built to. */
  let midway: number;
  let documentCount = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const { created } = h;
    await created('/federations', {
      id: 'ha-noi',
      name: 'LĐLĐ thành phố Hà Nội',
      level: 'city',
      occurredOn: '1990-01-01',
    });
    for (const id of ['ba-vi', 'phuc-tho']) {
      await created('/federations', {
        id,
        name: `LĐLĐ ${id}`,
        level: 'district',
        parentId: 'ha-noi',
        occurredOn: '1991-01-01',
      });
    }
    const found = (id: string, federationId: string) =>
      created('/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn: '2010-01-01' });
    await found('tan-linh-school', 'ba-vi');
    await found('phuc-tho-factory', 'phuc-tho');
    await created('/members', { id: 'lan', unionId: 'tan-linh-school', ...lan, occurredOn: '2023-03-08' });
    await created('/members', { id: 'minh', unionId: 'tan-linh-school', ...lan, occurredOn: '2022-01-10' });
    await created('/federations/ba-vi/funds', {
      id: 'social',
      kind: 'social',
      name: 'Quỹ xã hội',
      occurredOn: '2020-01-01',
    });
    await created('/federations/ba-vi/funds/social/contributions', {
      amount: 58_000_000,
      sourceKind: 'organisation',
      sourceName: 'Các CĐCS huyện Ba Vì',
      occurredOn: '2023-06-01',
    });
    await t
      .http()
      .put('/clusters/cum-4/years/2023')
      .send({ name: 'Cụm thi đua số 4', federationIds: ['ba-vi', 'phuc-tho'], occurredOn: '2023-01-10' })
      .expect(200);
    midway = await t.logLength();
    // After the midway point: a back-dated join (recorded now, dated before the others), a move and an award.
    await created('/members', { id: 'hoa', unionId: 'tan-linh-school', ...lan, occurredOn: '2021-05-01' });
    await t
      .http()
      .post('/members/minh/transfer')
      .send({ toUnionId: 'phuc-tho-factory', occurredOn: '2024-04-01' })
      .expect(200);
    await created('/awards', {
      id: 'ldg-2023-lan',
      title: 'Lao động giỏi',
      level: 'district',
      recipientKind: 'member',
      recipientId: 'lan',
      year: 2023,
      occurredOn: '2023-11-22',
    });
    await created('/federations/ba-vi/funds/social/contributions', {
      amount: 2_000_000,
      sourceKind: 'individual',
      sourceName: 'Nguyễn Văn An',
      occurredOn: '2022-02-01',
    });
    await h.caughtUp();
  });
  afterAll(() => t.close());

  const membership = ALL_PROJECTIONS.find((p) => p.name === 'membership')!;
  const live = async (name: string) => (await h.statusOf(name)).namespace as string;

  it('documents every route under the projections tag', async () => {
    const { paths } = (await t.http().get('/docs/json').expect(200)).body;
    const routes = [
      '/projections',
      '/projections/{name}/rebuild',
      '/projections/{name}/restart',
      '/projections/namespaces',
      '/projections/namespaces/{namespace}',
      '/projections/namespaces/{namespace}/{collection}',
      '/projections/namespaces/{namespace}/{collection}/{id}',
    ];
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(routes));
    for (const route of routes) {
      for (const operation of Object.values(paths[route]) as { tags: string[] }[]) {
        expect(operation.tags).toEqual(['projections']);
      }
    }
    expect(paths['/projections/{name}/rebuild'].post.responses).toHaveProperty('202');
  });

  it('reports each projection: version, serving namespace, checkpoint, head, lag, state and owner', async () => {
    const head = await t.logLength();
    const res = await t.http().get('/projections').expect(200);
    expect(res.body.projections.map((s: { name: string }) => s.name)).toEqual(ALL_PROJECTIONS.map((p) => p.name));
    for (const projection of ALL_PROJECTIONS) {
      expect(res.body.projections.find((s: { name: string }) => s.name === projection.name)).toEqual({
        name: projection.name,
        version: projection.version,
        namespace: `${projection.name}_v${projection.version}`,
        building: null,
        state: 'live',
        checkpoint: head,
        head,
        lagEvents: 0,
        lagSeconds: 0,
        failure: null,
        rebuild: null,
        lastRebuild: null,
        connection: expect.objectContaining({ state: 'connected', failures: 0, lastError: null }),
        // The one instance holds every projection's lease: it is the owner that applies it.
        lease: {
          owner: expect.stringMatching(/^.+:\d+:[0-9a-f]+$/),
          here: true,
          token: 1,
          expiresAt: expect.any(String),
        },
      });
    }
  });

  it('reads its own writes: a command’s position as consistentWith on the audit view of a live namespace', async () => {
    const namespace = await live('membership');
    const url = `/projections/namespaces/${namespace}/unions/phuc-tho-factory`;
    const before = (await t.http().get(url).expect(200)).body.document.members as number;

    // Hold the read model back, so the query certainly arrives before the write is applied.
    const reads = h.reads();
    const applyBatch = reads.applyBatch.bind(reads);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    reads.applyBatch = async (...args) => gate.then(() => applyBatch(...args));
    let position: number;
    let res: Response;
    try {
      position = await h.created('/members', {
        id: 'tuan',
        unionId: 'phuc-tho-factory',
        ...lan,
        occurredOn: '2024-05-02',
      });
      expect((await t.http().get(url).expect(200)).body.document.members).toBe(before);
      const answer = t
        .http()
        .get(`${url}?consistentWith=${position}`)
        .then((response) => response);
      setTimeout(release, 100);
      res = await answer;
    } finally {
      release();
      reads.applyBatch = applyBatch;
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ namespace, collection: 'unions', id: 'phuc-tho-factory' });
    expect(res.body.checkpoint).toBeGreaterThanOrEqual(position);
    expect(res.body.document.members).toBe(before + 1);

    // asOf and knownAt apply inside the namespace: before the join's date, and before it was recorded.
    const asOf = await t.http().get(`${url}?asOf=2024-05-01`).expect(200);
    expect(asOf.body.document.members).toBe(before);
    const knownAt = await t
      .http()
      .get(`${url}?knownAt=${position - 1}`)
      .expect(200);
    expect(knownAt.body.document.members).toBe(before);
    const instant = await t
      .http()
      .get(`${url}?knownAt=${encodeURIComponent(TEST_NOW.toISOString())}`)
      .expect(200);
    expect(instant.body.document.members).toBe(before + 1);
    documentCount = before + 1;
  });

  it('lists a collection of a namespace page by page', async () => {
    const namespace = await live('membership');
    const first = await t.http().get(`/projections/namespaces/${namespace}/unions?limit=1`).expect(200);
    expect(first.body.documents).toEqual([
      { id: 'phuc-tho-factory', document: expect.objectContaining({ members: documentCount }) },
    ]);
    expect(first.body.next).toBe('phuc-tho-factory');
    const second = await t
      .http()
      .get(`/projections/namespaces/${namespace}/unions?limit=1&after=phuc-tho-factory`)
      .expect(200);
    expect(second.body.documents.map((d: { id: string }) => d.id)).toEqual(['tan-linh-school']);
    const prefixed = await t.http().get(`/projections/namespaces/${namespace}/unions?idPrefix=tan`).expect(200);
    expect(prefixed.body).toMatchObject({ documents: [{ id: 'tan-linh-school' }], next: null });
  });

  it('rebuilds each projection beside the live one and switches over; two rebuilds from the same log agree on every document', async () => {
    await h.caughtUp();
    for (const projection of ALL_PROJECTIONS) {
      const { name } = projection;
      const original = await live(name);
      const before = await h.everything(original, projection, midway);
      expect(Object.values(before).some((documents) => documents.length > 0)).toBe(true);

      const builds: string[] = [];
      for (const round of [2, 3]) {
        const res = await t.http().post(`/projections/${name}/rebuild`).send({}).expect(202);
        const namespace = `${name}_v${projection.version}_r${round}`;
        expect(res.body).toEqual({ name, namespace, until: null, switchesOver: true });
        const status = await h.rebuilt(name, namespace);
        expect(status).toMatchObject({ namespace, state: 'live', building: null, rebuild: null });
        expect(await h.everything(namespace, projection, midway)).toEqual(before);
        builds.push(namespace);
      }

      // Readers were switched over each time, and the namespace replaced was deleted.
      const namespaces = (await t.http().get('/projections/namespaces').expect(200)).body.namespaces;
      const ofProjection = namespaces.filter((n: { projection: string }) => n.projection === name);
      expect(ofProjection).toEqual([
        expect.objectContaining({
          namespace: builds[1],
          live: true,
          building: false,
          collections: Object.keys(projection.collections),
        }),
      ]);
    }
  });

  it('builds an audit copy as of a position, leaving the live namespace untouched', async () => {
    await h.caughtUp();
    const namespace = await live('membership');
    const liveBefore = await h.everything(namespace, membership, midway);

    const res = await t.http().post('/projections/membership/rebuild').send({ until: midway }).expect(202);
    const audit = `membership_v${membership.version}_at${midway}`;
    expect(res.body).toEqual({ name: 'membership', namespace: audit, until: midway, switchesOver: false });
    const status = await h.rebuilt('membership', audit);
    expect(status).toMatchObject({ namespace, state: 'live', lastRebuild: { until: midway, checkpoint: midway } });

    // The live namespace still serves, with every document as it was.
    expect(await h.everything(namespace, membership, midway)).toEqual(liveBefore);
    const namespaces = (await t.http().get('/projections/namespaces').expect(200)).body.namespaces;
    expect(namespaces).toContainEqual({
      namespace: audit,
      projection: 'membership',
      version: membership.version,
      checkpoint: midway,
      live: false,
      building: false,
      collections: ['unions', 'federations', 'federationTotals'],
    });

    // The copy holds the state as of that position: what the live one knew then, for every document.
    const copy = await h.everything(audit, membership, midway);
    for (const collection of Object.keys(membership.collections)) {
      expect(copy[`${collection} now`]).toEqual(liveBefore[`${collection} knownAt`]);
    }
    const school = await t.http().get(`/projections/namespaces/${audit}/unions/tan-linh-school`).expect(200);
    expect(school.body).toMatchObject({ namespace: audit, checkpoint: midway, document: { members: 2, joined: 2 } });
    const now = await t.http().get(`/projections/namespaces/${namespace}/unions/tan-linh-school`).expect(200);
    expect(now.body.document).toMatchObject({ members: 2, joined: 3, transferredOut: 1 });

    // A frozen copy never reaches a later position: waiting for one is refused at once.
    const frozen = await t
      .http()
      .get(`/projections/namespaces/${audit}/unions/tan-linh-school?consistentWith=${midway + 1}`)
      .expect(409);
    expect(frozen.body).toMatchObject({ rule: 'projection.namespace-frozen' });
    await t.http().get(`/projections/namespaces/${audit}/unions/tan-linh-school?consistentWith=${midway}`).expect(200);
  });

  it('takes `until` as a recording instant too, and deletes audit copies but never the live namespace', async () => {
    // Every command here was recorded at TEST_NOW: an instant before it is the empty log.
    const before = new Date(TEST_NOW.getTime() - 1000).toISOString();
    const res = await t.http().post('/projections/membership/rebuild').send({ until: before }).expect(202);
    const empty = `membership_v${membership.version}_at0`;
    expect(res.body).toMatchObject({ namespace: empty, until: 0 });
    await h.rebuilt('membership', empty);
    const page = await t.http().get(`/projections/namespaces/${empty}/unions`).expect(200);
    expect(page.body).toEqual({ namespace: empty, checkpoint: 0, collection: 'unions', documents: [], next: null });
    await t.http().get(`/projections/namespaces/${empty}/unions/tan-linh-school`).expect(404);

    const atNow = await t
      .http()
      .post('/projections/membership/rebuild')
      .send({ until: TEST_NOW.toISOString() })
      .expect(202);
    expect(atNow.body.until).toBe(await t.logLength());
    await h.rebuilt('membership', atNow.body.namespace);

    const liveNamespace = await live('membership');
    const refused = await t.http().delete(`/projections/namespaces/${liveNamespace}`).expect(409);
    expect(refused.body).toMatchObject({ rule: 'projection.namespace-live' });
    for (const namespace of [empty, atNow.body.namespace, `membership_v${membership.version}_at${midway}`]) {
      await t.http().delete(`/projections/namespaces/${namespace}`).expect(204);
      await t.http().get(`/projections/namespaces/${namespace}/unions/tan-linh-school`).expect(404);
    }
    const left = (await t.http().get('/projections/namespaces').expect(200)).body.namespaces;
    expect(left.map((n: { namespace: string }) => n.namespace).sort()).toEqual(
      (await h.runner().status()).map((s) => s.namespace).sort(),
    );
    await t.http().delete(`/projections/namespaces/${empty}`).expect(404);
    await t.http().delete('/projections/namespaces/Not-A-Namespace').expect(400);
    // The live namespace kept serving throughout.
    await t.http().get(`/projections/namespaces/${liveNamespace}/unions/tan-linh-school`).expect(200);
  });

  it('refuses a malformed or impossible `until` with 400, and builds nothing', async () => {
    const namespacesBefore = (await t.http().get('/projections/namespaces').expect(200)).body;
    const head = await t.logLength();
    for (const [until, message] of [
      [-1, 'until must be a log position'],
      [1.5, 'until must be a log position'],
      ['yesterday', 'until must be a log position'],
      ['2024-01-15', 'until must be a log position'],
      [head + 1, `is past the last event recorded (position ${head})`],
    ] as const) {
      const res = await t.http().post('/projections/membership/rebuild').send({ until }).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(message);
    }
    const extra = await t.http().post('/projections/membership/rebuild').send({ until: 1, namespace: 'x' }).expect(400);
    expect(JSON.stringify(extra.body.message)).toContain('property namespace should not exist');
    expect((await t.http().get('/projections/namespaces').expect(200)).body).toEqual(namespacesBefore);
  });

  it('refuses a second rebuild of a projection while one runs (409), and shows the one running', async () => {
    await h.caughtUp();
    const reads = h.reads();
    const serving = await live('membership');
    // Hold the rebuild at its first batch, so it is certainly still running when the second one is asked.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const applyBatch = reads.applyBatch.bind(reads);
    reads.applyBatch = async (namespace, ...rest) => {
      if (namespace !== serving) await gate;
      return applyBatch(namespace, ...rest);
    };
    try {
      const first = await t.http().post('/projections/membership/rebuild').send({}).expect(202);
      const building = first.body.namespace as string;
      expect(building).not.toBe(serving);

      const status = await h.statusOf('membership');
      expect(status).toMatchObject({
        namespace: serving,
        building,
        state: 'rebuilding',
        rebuild: { namespace: building, processed: 0 },
        lastRebuild: { namespace: building, outcome: 'running' },
      });
      for (const body of [{}, { until: 1 }]) {
        const res = await t.http().post('/projections/membership/rebuild').send(body).expect(409);
        expect(res.body).toMatchObject({ rule: 'projection.rebuild-in-progress' });
        expect(res.body.message).toContain("projection 'membership' is already being rebuilt");
      }
      // Another projection may be rebuilt meanwhile.
      const funds = await t.http().post('/projections/funds/rebuild').send({}).expect(202);
      const namespaces = (await t.http().get('/projections/namespaces').expect(200)).body.namespaces;
      expect(namespaces).toContainEqual(expect.objectContaining({ namespace: building, live: false, building: true }));
      const dropped = await t.http().delete(`/projections/namespaces/${building}`).expect(409);
      expect(dropped.body).toMatchObject({ rule: 'projection.namespace-building' });
      // The serving namespace keeps answering, and keeps following: a query reads its own write meanwhile.
      const union = '/read/unions/tan-linh-school/membership';
      const members = (await t.http().get(union).expect(200)).body.members as number;
      const position = await h.created('/members', {
        id: 'during-rebuild',
        unionId: 'tan-linh-school',
        ...lan,
        occurredOn: '2025-01-02',
      });
      const during = await t.http().get(`${union}?consistentWith=${position}`).expect(200);
      expect(during.body.members).toBe(members + 1);

      release();
      await h.rebuilt('membership', building);
      await h.rebuilt('funds', funds.body.namespace);
      // After the switch-over the new namespace serves, with that write in it.
      expect(await live('membership')).toBe(building);
      const after = await t.http().get(`${union}?consistentWith=${position}`).expect(200);
      expect(after.body.members).toBe(members + 1);
    } finally {
      release();
      reads.applyBatch = applyBatch;
    }
  });

  it('answers 404 for an unknown projection, namespace or document, and 400 for bad parameters', async () => {
    const unknown = await t.http().post('/projections/nothing/rebuild').send({}).expect(404);
    expect(unknown.body.message).toBe("projection 'nothing' does not exist");
    await t.http().post('/projections/nothing/restart').expect(404);
    await t.http().get('/projections/namespaces/nothing_v1/unions/x').expect(404);
    await t.http().get('/projections/namespaces/nothing_v1/unions').expect(404);
    const namespace = await live('membership');
    const missing = await t.http().get(`/projections/namespaces/${namespace}/unions/nowhere`).expect(404);
    expect(missing.body.message).toContain("'nowhere' does not exist");
    await t.http().get(`/projections/namespaces/${namespace}/no-such-collection/tan-linh-school`).expect(404);
    await t.http().get(`/projections/namespaces/${namespace}/unions/tan-linh-school?asOf=2024-02-30`).expect(400);
    await t.http().get(`/projections/namespaces/${namespace}/unions/tan-linh-school?knownAt=soon`).expect(400);
    await t.http().get(`/projections/namespaces/${namespace}/unions/tan-linh-school?sort=name`).expect(400);
    await t.http().get(`/projections/namespaces/${namespace}/unions?limit=0`).expect(400);
    await t.http().get(`/projections/namespaces/${namespace}/a.b/tan-linh-school`).expect(400);
    await t.http().get('/projections/namespaces/Bad-Name/unions/tan-linh-school').expect(400);
  });
});

describe('restarting a failed projection over HTTP', () => {
  let t: TestApp;
  const h = harness(() => t);
  const membership = ALL_PROJECTIONS.find((p) => p.name === 'membership')!;

  beforeAll(async () => {
    t = await createTestApp();
    await h.created('/federations', {
      id: 'ba-vi',
      name: 'LĐLĐ huyện Ba Vì',
      level: 'district',
      occurredOn: '1991-01-01',
    });
    await h.created('/unions', {
      id: 'school',
      federationId: 'ba-vi',
      name: 'CĐCS trường',
      sector: 'public-service',
      occurredOn: '2010-01-01',
    });
    await h.caughtUp();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('stops only the projection that fails on an event, reports where, and resumes it from that event', async () => {
    // A defect in the membership projection, for events naming this one union.
    const evolve = membership.evolve.bind(membership);
    const defect = jest.spyOn(membership, 'evolve').mockImplementation((doc, event, ref) => {
      if (event.data.unionId === 'poisoned') throw new Error('cannot read the union sector');
      return evolve(doc, event, ref);
    });
    const founded = await h.created('/unions', {
      id: 'poisoned',
      federationId: 'ba-vi',
      name: 'CĐCS công ty',
      sector: 'public-service',
      occurredOn: '2011-01-01',
    });
    const failed = await eventually(async () => {
      const status = await h.statusOf('membership');
      expect(status.state).toBe('failed');
      return status;
    });
    expect(failed).toMatchObject({
      checkpoint: founded - 1,
      lagEvents: 1,
      failure: {
        position: founded,
        eventType: 'UnionFounded',
        message: expect.stringContaining('cannot read the union sector'),
      },
    });
    // The others go on.
    expect(await h.runner().waitFor('funds', founded, 10_000)).toBe(true);
    expect(await h.statusOf('funds')).toMatchObject({ state: 'live', checkpoint: founded });
    // A query waiting for the failed projection is told at once to come back later.
    const namespace = failed.namespace as string;
    const behind = await t
      .http()
      .get(`/projections/namespaces/${namespace}/unions/poisoned?consistentWith=${founded}`)
      .expect(503);
    expect(behind.headers['retry-after']).toBe('1');

    // Fixed; restarted: it applies the event it stopped on, and follows again.
    defect.mockRestore();
    const restarted = await t.http().post('/projections/membership/restart').expect(200);
    expect(restarted.body).toMatchObject({ name: 'membership', failure: null });
    expect(restarted.body.state).not.toBe('failed');
    const res = await t
      .http()
      .get(`/projections/namespaces/${namespace}/unions/poisoned?consistentWith=${founded}`)
      .expect(200);
    expect(res.body.document).toMatchObject({ unionId: 'poisoned', federationId: 'ba-vi', members: 0 });
    const joined = await h.created('/members', { id: 'an', unionId: 'poisoned', ...lan, occurredOn: '2024-01-02' });
    const after = await t
      .http()
      .get(`/projections/namespaces/${namespace}/unions/poisoned?consistentWith=${joined}`)
      .expect(200);
    expect(after.body.document.members).toBe(1);
    expect(await h.statusOf('membership')).toMatchObject({ state: 'live', failure: null });

    // Restarting a projection that has not failed changes nothing.
    await t.http().post('/projections/funds/restart').expect(200);
    expect(await h.statusOf('funds')).toMatchObject({ state: 'live', failure: null });
  });
});
