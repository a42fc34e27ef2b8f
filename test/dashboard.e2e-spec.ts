import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { ALERT_DEFINITIONS } from '../src/alerting/alert-definitions.js';
import type { AlertsDto } from '../src/alerting/alerts.dto.js';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { freePort, MAIN, ServiceProcess } from './support/service-process.js';
import { REPO_ROOT, temporaryDir, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { CHROMIUM, launchChromium } from './support/chromium.js';

/** Git-ignored: the screenshots a person looks at after a run. */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const AGENTS = ['freqtrade-hft', 'hummingbot-mm', 'deepseek-v3', 'qwen', 'fingpt', 'lag-llama'];
const TRANSFER_BUDGET_BYTES = 500 * 1024;

interface Activity {
  agents: { agentId: string; participationThreshold: number }[];
}

/** Outside CI a machine without Chromium skips; under CI=true a missing Chromium fails the launch. */
const describeInBrowser =
  process.env.CI === 'true' || existsSync(CHROMIUM) ? describe : describe.skip;

/** Matches the whole text, not a part of it. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Waits until an expression holds in the page. Not `waitForFunction`: that evaluates a string with
 * eval inside the page, which the dashboard's CSP (rightly) refuses.
 */
async function poll(page: Page, expression: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** What the page logged as an error, and every request it made that left the service. */
function watch(page: Page, origin: string) {
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:'))
      foreign.push(request.url());
  });
  return { errors, foreign };
}

describeInBrowser('the operator dashboard, in Chromium against the built service', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    service = ServiceProcess.start(
      { DATA_DIR: join(temporaryDir(), 'data'), ADMIN_TOKEN: TEST_ADMIN_TOKEN },
      await freePort(),
    );
    origin = service.url('');
    browser = await launchChromium();
    await service.ready();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (service && service.child.exitCode === null && service.child.signalCode === null)
      service.kill('SIGKILL');
    await service?.exited;
  });

  const open = async (page: Page) => {
    await page.goto(service.url('/'));
    await page
      .locator('#activity-rows tr')
      .nth(AGENTS.length - 1)
      .waitFor();
  };

  it('loads from the service alone with no console errors, shows all six agents, and moves', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const { errors, foreign } = watch(page, origin);
    const transfers: Promise<number>[] = [];
    page.on('requestfinished', (request) => {
      if (!request.url().endsWith('/events'))
        transfers.push(request.sizes().then((s) => s.responseHeadersSize + s.responseBodySize));
    });

    await open(page);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    for (const table of ['#activity-rows', '#allocation-rows']) {
      const rows = await page.locator(`${table} tr th`).allTextContents();
      expect(rows.map((r) => AGENTS.find((a) => r.startsWith(a)))).toEqual(AGENTS);
    }
    for (const agent of AGENTS)
      await expect(page.getByLabel(agent, { exact: true }).count()).resolves.toBe(1);

    // Live: the counts move and theses or discussions arrive without a reload.
    const sentBefore = (await page.locator('#sent-total').textContent()) ?? '';
    await page
      .locator('#sent-total')
      .filter({ hasNotText: exactly(sentBefore) })
      .waitFor({ timeout: 20_000 });
    await page.locator('#feed-list li.message').first().waitFor({ timeout: 30_000 });
    await page.locator('#link', { hasText: 'live' }).waitFor();
    // Let the curves gather a few points before the screenshots.
    await poll(
      page,
      `document.querySelector('#equity-chart polyline')?.getAttribute('points').split(' ').length >= 8`,
    );

    const transferred = (await Promise.all(transfers)).reduce((sum, n) => sum + n, 0);
    expect(transferred).toBeGreaterThan(0);
    expect(transferred).toBeLessThan(TRANSFER_BUDGET_BYTES);

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const onPhone = watch(phone, origin);
    await open(phone);
    await phone.locator('#feed-list li.message').first().waitFor({ timeout: 30_000 });
    // Readable on a phone: nothing pushes the page sideways (wide tables scroll inside their panel).
    await expect(
      phone.evaluate<number>('document.documentElement.scrollWidth'),
    ).resolves.toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });

    expect(errors).toEqual([]);
    expect(onPhone.errors).toEqual([]);
    expect([...foreign, ...onPhone.foreign]).toEqual([]);
    await page.close();
    await phone.close();
  }, 60_000);

  it('changes a threshold through the page, and shows the server’s words when it refuses', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const { errors } = watch(page, origin);
    await open(page);
    const threshold = page.getByLabel('qwen', { exact: true });
    const set = page.getByRole('button', { name: 'Set threshold of qwen' });
    const result = page.locator('#action-result');
    const dialog = page.getByRole('dialog', { name: 'Admin token' });

    // A wrong token: asked for once, refused with the server's message, then forgotten.
    await threshold.fill('0.42');
    await set.click();
    await dialog.getByLabel('Bearer token').fill('not-the-admin-token-at-all');
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await result.filter({ hasText: 'Refused — 401: the bearer token is not valid' }).waitFor();

    await set.click();
    await dialog.getByLabel('Bearer token').fill(TEST_ADMIN_TOKEN);
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await result.filter({ hasText: exactly('Threshold of qwen set to 0.42.') }).waitFor();
    const qwen = async () =>
      (await service.get<Activity>('/agent-activity')).agents.find((a) => a.agentId === 'qwen');
    await expect(qwen()).resolves.toMatchObject({ participationThreshold: 0.42 });

    // The token is kept for the tab: an out-of-range value goes straight to the server, which says why.
    await threshold.fill('1.5');
    await set.click();
    await result.filter({ hasText: 'Refused — 400: threshold must be at most 1' }).waitFor();
    expect(await dialog.isVisible()).toBe(false);
    await expect(qwen()).resolves.toMatchObject({ participationThreshold: 0.42 });

    // The only console errors are the browser reporting the two refusals.
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toMatch(/status of (401|400)/);
    await page.close();
  }, 60_000);

  it('halts through the page, shows the halt, its breaker and the firing alert, and resets it', async () => {
    // Against the service's own endpoints: the stream, GET /alerts and the admin routes, nothing stubbed.
    const halted = ALERT_DEFINITIONS.find((a) => a.name === 'TradingHalted');
    const admin: { path: string; authorization?: string; body: unknown }[] = [];
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const { errors } = watch(page, origin);
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/admin/'))
        admin.push({
          path,
          authorization: request.headers().authorization,
          body: request.postDataJSON(),
        });
    });
    await open(page);
    const breakers = (await service.get<PortfolioStatusDto>('/portfolio-status')).breakers;
    await expect(page.locator('#breakers li').count()).resolves.toBe(breakers.length);
    expect(await page.getByRole('button', { name: /^Reset breaker/ }).count()).toBe(0);

    await page.getByLabel('Halt reason').fill('operator: exchange incident');
    await page.getByRole('button', { name: 'Halt trading' }).click();
    const dialog = page.getByRole('dialog', { name: 'Admin token' });
    await dialog.getByLabel('Bearer token').fill(TEST_ADMIN_TOKEN);
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await page
      .locator('#action-result', { hasText: 'Trading halted: operator: exchange incident' })
      .waitFor();
    await page
      .locator('#halted', { hasText: 'Trading halted — operator: exchange incident' })
      .waitFor();
    await page.locator('#breakers li.halted', { hasText: 'portfolio' }).waitFor();
    // The service samples its alerts every few seconds and the page reads them as often.
    await page
      .locator('#alert-list li.firing', { hasText: halted?.summary('') ?? 'TradingHalted' })
      .waitFor({ timeout: 30_000 });
    const { alerts } = await service.get<AlertsDto>('/alerts');
    expect(alerts.find((a) => a.name === 'TradingHalted')?.state).toBe('firing');
    await page.screenshot({
      path: join(ARTIFACTS, 'dashboard-halted-desktop.png'),
      fullPage: true,
    });

    // Only the tripped breaker offers a reset; the tab keeps its token.
    expect(await page.getByRole('button', { name: /^Reset breaker/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Reset breaker portfolio' }).click();
    await page.locator('#action-result', { hasText: 'Breaker portfolio reset.' }).waitFor();
    await page.locator('#halted').waitFor({ state: 'hidden' });
    const portfolio = await service.get<PortfolioStatusDto>('/portfolio-status');
    expect(portfolio.breakers.find((b) => b.id === 'portfolio')?.state).toBe('ok');
    expect(admin).toEqual([
      {
        path: '/admin/halt',
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        body: { reason: 'operator: exchange incident' },
      },
      {
        path: '/admin/breakers/portfolio/reset',
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        body: {},
      },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('ends its live stream when the service stops, so SIGTERM still stops it cleanly', async () => {
    const page = await browser.newPage();
    await open(page);
    await page.locator('#link', { hasText: 'live' }).waitFor();
    service.kill('SIGTERM');
    // Exit code 0 means it stopped before its 5 s shutdown deadline (after it, it exits with 1).
    await expect(service.exited).resolves.toEqual({ code: 0, signal: null });
    expect(service.output).toMatch(/stopped cleanly/);
    await page.locator('#link', { hasText: 'reconnecting…' }).waitFor();
    await page.close();
  }, 30_000);
});

describeInBrowser('the dashboard of a service whose reads need a token (READ_AUTH=on)', () => {
  const READ_TOKEN = 'dashboard-read-token-0123456789';
  let service: ServiceProcess;
  let browser: Browser;

  beforeAll(async () => {
    service = ServiceProcess.start(
      {
        DATA_DIR: join(temporaryDir(), 'data'),
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        READ_TOKEN,
        READ_AUTH: 'on',
      },
      await freePort(),
    );
    browser = await launchChromium();
    await service.ready();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (service && service.child.exitCode === null) service.kill('SIGKILL');
    await service?.exited;
  });

  it('asks for a read token, then streams with it; a read token cannot change a threshold', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const { errors } = watch(page, service.url(''));
    const sent = new Map<string, (string | undefined)[]>();
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      sent.set(path, [...(sent.get(path) ?? []), request.headers().authorization]);
    });
    await page.goto(service.url('/'));
    const dialog = page.getByRole('dialog', { name: 'Read token' });
    await dialog.getByLabel('Bearer token').fill(READ_TOKEN);
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await page.locator('#link', { hasText: 'live' }).waitFor();
    await page
      .locator('#activity-rows tr')
      .nth(AGENTS.length - 1)
      .waitFor();
    await page.locator('#alert-list li').first().waitFor();
    expect(sent.get('/events')).toEqual([undefined, `Bearer ${READ_TOKEN}`]);
    expect(sent.get('/alerts')?.[0]).toBe(`Bearer ${READ_TOKEN}`);

    await page.getByLabel('qwen', { exact: true }).fill('0.42');
    await page.getByRole('button', { name: 'Set threshold of qwen' }).click();
    await page
      .locator('#action-result', {
        hasText: 'Refused — 403: token read has scope read; this route needs operator',
      })
      .waitFor();
    // The first reads (the stream, the trader's view) are refused until the token is given, then the
    // threshold change is refused for its scope: nothing else goes wrong.
    expect(errors.filter((e) => e.includes('status of 403'))).toHaveLength(1);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const error of errors) expect(error).toMatch(/status of (401|403)/);
    await page.close();
  }, 60_000);
});
