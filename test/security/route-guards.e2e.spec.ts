import { createTestApp, type TestApp } from '../support/test-app';
import { concrete, type RouteInfo, routesOf } from './routes';

/** The only routes anyone may call without credentials. Adding one here is a decision; say why. */
const PUBLIC_ROUTES = ['GET /health', 'GET /health/live', 'GET /health/ready'];
/** Served by the OpenAPI module straight on the HTTP server (not Nest routes): open so clients can be written. */
const PUBLIC_DOCUMENTS = ['/docs', '/docs/json'];

/**
 * Every registered route is guarded: it is public by an explicit decision, or it declares the roles that
 * may call it, and without credentials it answers 401. A route added without `@Roles` fails here by name.
 */
describe('every route is guarded', () => {
  let t: TestApp;
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await createTestApp();
    routes = routesOf(t.app);
  });
  afterAll(() => t.close());

  it('finds the routes the application serves', () => {
    expect(routes.length).toBeGreaterThanOrEqual(45);
    expect(routes.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'GET /health',
        'POST /federations',
        'POST /members',
        'POST /federations/:federationId/funds/:fundId/payments',
        'GET /history/:kind/:id',
        'GET /events',
        'GET /read/federations/:id/membership',
        'GET /projections',
        'POST /projections/:name/rebuild',
        'POST /credentials/api-keys',
      ]),
    );
  });

  it('opens only the allow-listed routes to the public', () => {
    expect(routes.filter((r) => r.isPublic).map((r) => r.name)).toEqual(PUBLIC_ROUTES);
  });

  it('has every other route declare the roles that may call it', () => {
    const undeclared = routes.filter((r) => !r.isPublic && (r.roles === undefined || r.roles.length === 0));
    // Listed by name: each needs @Roles(…) (or @Records(…) for a command).
    expect(undeclared.map((r) => `${r.name} (${r.handler})`)).toEqual([]);
  });

  it('gives every route that records events a federation scope, and recorders nothing else', () => {
    expect(routes.filter((r) => r.takesEnvelope).length).toBeGreaterThanOrEqual(28);
    // A route that builds a command envelope appends events: it must say which federations it is about.
    expect(routes.filter((r) => r.takesEnvelope !== r.records).map((r) => r.name)).toEqual([]);
    // The recorder role is granted only with a scope, never by a bare @Roles('recorder').
    expect(routes.filter((r) => r.roles?.includes('recorder') && !r.records).map((r) => r.name)).toEqual([]);
  });

  it('answers 401 without credentials on every route but the public ones, and records nothing', async () => {
    const before = await t.logLength();
    const answers: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      const res = await t.anonymous()[method](concrete(route.path)).send({});
      if (res.status !== 401 || res.headers['www-authenticate'] !== 'Bearer, ApiKey') {
        answers.push(`${route.name}: ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
    expect(await t.logLength()).toBe(before);
  });

  it('answers 401 to credentials that are not valid on every guarded route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      const client = t.as(`ApiKey ulk_000000000000_${'A'.repeat(43)}`);
      const res = await client[method](concrete(route.path));
      if (res.status !== 401) failures.push(`${route.name}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('serves the public routes and documents without credentials', async () => {
    for (const route of PUBLIC_ROUTES) await t.anonymous().get(route.slice('GET '.length)).expect(200);
    for (const path of PUBLIC_DOCUMENTS) await t.anonymous().get(path).expect(200);
  });

  it('serves nothing else outside the guarded routes', async () => {
    // Routes mounted on the HTTP server itself, outside Nest's router (and so outside the guard): the
    // OpenAPI document's own, and the catch-all that answers 404.
    const server = t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string } }[] } };
    const nestPaths = new Set(routes.map((r) => r.path));
    const outside = server.router.stack
      .flatMap((layer) => (layer.route ? [layer.route.path] : []))
      .filter((path) => !nestPaths.has(path) && !path.startsWith('/docs') && path !== '{/*splat}');
    expect(outside).toEqual([]);
    const res = await t.anonymous().post('/no-such-route').send({}).expect(404);
    expect(JSON.stringify(res.body)).not.toMatch(/ at |\.ts:|\.js:/);
  });
});
