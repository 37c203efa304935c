import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { runCli, type SpawnedServer, startMainServer, stopServer } from '../support/spawned-server';

/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core), on a fresh service holding the
 * demo history: seeded with the CLI into a temporary SQLite file, keys made with the credentials CLI, the
 * service started as `npm start` runs it. Screenshots of every view go to test-artifacts/screenshots.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Date inputs show dd/mm/yyyy.
  '--lang=vi-VN',
];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  process.stderr.write(
    `\nSkipped: the dashboard browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium, ` +
      'or set CHROMIUM_PATH); .ci/run installs it.\n',
  );
}

// A shared two-core machine may take a while per page: the pages are awaited, never timed.
jest.setTimeout(180_000);

(haveChromium ? describe : describe.skip)('the dashboard in a real browser, over the demo history', () => {
  let folder: string;
  let server: SpawnedServer;
  let browser: Browser;
  const keys: Record<'reader' | 'finance' | 'auditor', string> = { reader: '', finance: '', auditor: '' };
  /** Content-Security-Policy violations reported by the browser: there must be none. */
  const violations: string[] = [];

  const createKey = async (sqlitePath: string, roles: string, name: string) => {
    const { code, stdout, stderr } = await runCli('src/cli/credentials.ts', [
      'create-key',
      '--roles',
      roles,
      '--name',
      name,
      '--sqlite-path',
      sqlitePath,
    ]);
    if (code !== 0) throw new Error(`credentials create-key failed: ${stderr}`);
    return stdout.trim().split('\n').pop()!.trim();
  };

  beforeAll(async () => {
    // The dashboard as `npm start` builds it, from the sources under test.
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
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    folder = mkdtempSync(join(tmpdir(), 'union-ledger-dashboard-'));
    const sqlitePath = join(folder, 'demo.sqlite');
    if (process.env.DEMO_SQLITE_PATH) {
      // A demo file seeded earlier, copied for a quick rerun.
      copyFileSync(process.env.DEMO_SQLITE_PATH, sqlitePath);
    } else {
      const seeded = await runCli('src/cli/seed-demo.ts', ['--sqlite-path', sqlitePath], { LOG_LEVEL: 'warn' });
      if (seeded.code !== 0) throw new Error(`seed-demo failed: ${seeded.stderr}`);
    }
    keys.reader = await createKey(sqlitePath, 'reader', 'Cán bộ theo dõi');
    keys.finance = await createKey(sqlitePath, 'finance-inspector', 'Kiểm tra tài chính');
    keys.auditor = await createKey(sqlitePath, 'auditor', 'Kiểm toán');
    // Starting from the TypeScript sources and building the read models of the whole demo takes a while.
    server = await startMainServer({ SQLITE_PATH: sqlitePath, LOG_LEVEL: 'info' }, { timeoutMs: 600_000 });
    await caughtUp(server.url, keys.auditor);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 1_200_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** A fresh browser session (empty sessionStorage) at a width, on a dashboard URL, signed in with the key. */
  async function signedIn(key: string, query: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.on('console', (entry) => {
      if (/Content Security Policy/i.test(entry.text())) violations.push(entry.text());
    });
    await page.goto(`${server.url}/app/${query}`);
    await page.fill('#secret', key);
    await page.click('#sign-in button[type=submit]');
    await ready(page);
    return { context, page };
  }

  async function ready(page: Page): Promise<void> {
    await page.waitForSelector('main[data-ready=true]');
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  const cell = (page: Page, federation: string, column: string) =>
    page.locator(`tr[data-federation="${federation}"] [data-col="${column}"]`).innerText();

  it('redirects / to the dashboard and asks for credentials', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/app/');
    await page.waitForSelector('#sign-in');
    expect(await page.locator('label[for=secret]').innerText()).toBe('Khóa hoặc mã');
    await shot(page, 'sign-in');
    await context.close();
  });

  it("as a reader: cluster 4 in 2023 shows Ba Vì's recorded rank beside its computed one; back to 30/06/2023; in English", async () => {
    const { context, page } = await signedIn(keys.reader, '?view=ranking&cluster=cum-4&year=2023');
    expect(await page.locator('main h1').innerText()).toBe('Xếp hạng cụm thi đua');
    expect(await cell(page, 'ba-vi', 'recordedRank')).toBe('1');
    expect(await cell(page, 'ba-vi', 'recordedGrade')).toBe('excellent');
    const computedRank = await cell(page, 'ba-vi', 'rank');
    expect(computedRank).toMatch(/^[1-6]$/);
    const yearEndScore = await cell(page, 'ba-vi', 'score');
    expect(await page.locator('figure.chart canvas').count()).toBeGreaterThan(0);
    await shot(page, 'ranking');

    await page.fill('#as-of', '2023-06-30');
    await page.click('#apply-date');
    await page.waitForURL(/asOf=2023-06-30/);
    await ready(page);
    expect(await cell(page, 'ba-vi', 'score')).not.toBe(yearEndScore);
    // The date travels in the URL: reopening it gives the same page.
    await page.reload();
    await ready(page);
    expect(await page.inputValue('#as-of')).toBe('2023-06-30');
    await shot(page, 'ranking-2023-06-30');

    await page.click('#lang-switch');
    await page.waitForURL(/lang=en/);
    await ready(page);
    expect(await page.locator('main h1').innerText()).toBe('Cluster ranking');
    expect(await page.locator('label[for=as-of]').innerText()).toBe('As of');
    await shot(page, 'ranking-english');
    await context.close();
  });

  it("as a reader: Ba Vì's members month by month, with the text table beside the chart", async () => {
    const { context, page } = await signedIn(keys.reader, '?view=federation&federation=ba-vi&asOf=2023-12-31');
    expect(await page.locator('figure.chart canvas').count()).toBeGreaterThan(0);
    const rows = page.locator('details table tbody tr');
    expect(await rows.count()).toBe(120);
    // Inside a closed <details>: read as text, not as rendered.
    expect(await rows.last().locator('td').first().textContent()).toBe('31/12/2023');
    await shot(page, 'federation');
    await context.close();
  });

  it('as a reader: history cannot be opened, and the page says which role it needs', async () => {
    const { context, page } = await signedIn(keys.reader, '?view=history');
    expect(await page.locator('[data-nav=history]').count()).toBe(0);
    const text = await page.locator('main .message.error').innerText();
    expect(text).toContain('auditor');
    expect(text).toContain('reader');
    await shot(page, 'history-refused');
    await context.close();
  });

  it("as a finance inspector: a fund's ledger and the trail of the entry a reversal corrects", async () => {
    const { context, page } = await signedIn(
      keys.finance,
      '?view=funds&federation=hoan-kiem&fund=hoan-kiem-quy-den-on&asOf=2020-12-31',
    );
    const reversal = page.locator('tr[data-entry="hk-2020-dc-0001"]');
    expect(await reversal.innerText()).toContain('hk-2020-thu-0012');
    expect(await page.locator('tr[data-entry="hk-2020-thu-0012"] td').nth(3).innerText()).toBe('8.000.000 đ');
    await shot(page, 'funds');
    await reversal.getByRole('link').click();
    await page.waitForSelector('#trail');
    await ready(page);
    const trail = await page.locator('#trail').innerText();
    expect(trail).toContain('hk-2020-dc-0001');
    expect(trail).toContain('Ghi trùng');
    await page.locator('#trail').scrollIntoViewIfNeeded();
    await shot(page, 'funds-trail');
    await context.close();
  });

  it('as an auditor: an entity’s history and the global log, the integrity checks, the read models', async () => {
    const { context, page } = await signedIn(keys.auditor, '?view=history&kind=federations&id=ba-vi');
    expect(await page.locator('main').innerText()).toContain('federation-ba-vi');
    await shot(page, 'history');
    await page.click('[data-nav=integrity]');
    await ready(page);
    await page.click('#run-verification');
    await page.waitForSelector('text=/Nhật ký nguyên vẹn/');
    await shot(page, 'integrity');
    await page.click('[data-nav=read-models]');
    await ready(page);
    expect(await page.locator('main tbody tr').count()).toBeGreaterThan(3);
    await shot(page, 'read-models');
    await context.close();
  });

  it('fits a 390 px wide phone screen', async () => {
    const { context, page } = await signedIn(keys.reader, '?view=ranking&cluster=cum-4&year=2023', 390);
    // Evaluated in the page: the document is no wider than the window (no sideways scrolling).
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'ranking-390px');
    await context.close();
  });

  it('reports no Content-Security-Policy violation on any page', () => {
    expect(violations).toEqual([]);
  });
});

/** Waits until every read model has applied the whole seeded log (the service builds them on start). */
async function caughtUp(url: string, key: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${url}/projections`, { headers: { Authorization: `ApiKey ${key}` } });
    if (response.ok) {
      const { projections } = (await response.json()) as { projections: { state: string; lagEvents: number }[] };
      if (projections.length > 0 && projections.every((p) => p.state === 'live' && p.lagEvents === 0)) return;
    }
    await new Promise((done) => setTimeout(done, 500));
  }
}
