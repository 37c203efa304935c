import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The dashboard is served by the service itself at /app, with a Content-Security-Policy that allows nothing
 * inline and nothing remote; `/me` tells it who signed in. (What it shows is tested in a browser: test/browser.)
 */
describe('the dashboard served at /app', () => {
  let t: TestApp;

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'dashboard/vite.config.mts',
        '--logLevel',
        'error',
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('redirects / to /app/, which needs no credentials: the page asks for them', async () => {
    const root = await t.anonymous().get('/').expect(302);
    expect(root.headers.location).toBe('/app/');
    const page = await t.anonymous().get('/app/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toMatch(/<script type="module" crossorigin src="\/app\/assets\/[\w-]+\.js"><\/script>/);
    // No inline script: every <script> names its file.
    expect(page.text.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
  });

  it('sends a Content-Security-Policy with only its own origin: nothing inline, nothing remote', async () => {
    const { headers } = await t.anonymous().get('/app/').expect(200);
    const policy = String(headers['content-security-policy']);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https:|http:|\*/);
  });

  it('serves the built script and style, and a 404 for a file it does not have', async () => {
    const page = await t.anonymous().get('/app/').expect(200);
    const script = /src="(\/app\/assets\/[\w-]+\.js)"/.exec(page.text)![1];
    const style = /href="(\/app\/assets\/[\w-]+\.css)"/.exec(page.text)![1];
    expect((await t.anonymous().get(script).expect(200)).headers['content-type']).toMatch(/javascript/);
    expect((await t.anonymous().get(style).expect(200)).headers['content-type']).toMatch(/text\/css/);
    await t.anonymous().get('/app/assets/missing.js').expect(404);
  });

  it('answers /me with the caller’s name and roles, never the secret; 401 without credentials', async () => {
    const { authorization } = t.jwt({ sub: 'kiem-toan', roles: ['auditor'] });
    const { body } = await t.as(authorization).get('/me').expect(200);
    expect(body).toEqual({
      id: 'user:kiem-toan',
      kind: 'user',
      name: 'kiem-toan',
      roles: ['auditor'],
      federationIds: [],
    });
    await t.anonymous().get('/me').expect(401);
  });
});
