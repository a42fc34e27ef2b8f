import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import type { FillsPageDto, PositionsDto } from '../src/trader-view/trader-view.dto.js';
import { CHROMIUM, launchChromium } from './support/chromium.js';
import { freePort, MAIN, ServiceProcess } from './support/service-process.js';
import { REPO_ROOT, temporaryDir, TEST_ADMIN_TOKEN } from './support/test-config.js';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const AXE = join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Outside CI a machine without Chromium skips; under CI=true a missing Chromium fails the launch. */
const describeInBrowser =
  process.env.CI === 'true' || existsSync(CHROMIUM) ? describe : describe.skip;

/** Waits until an expression holds in the page (not waitForFunction: the page's CSP refuses eval). */
async function poll(page: Page, expression: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * The trader's view in Chromium against the built service replaying at a quick pace. The data ends after
 * sixteen hours of market time, so the page and the API are compared on a book that no longer moves (a
 * halt would not freeze it: risk-reducing sells still pass a halted breaker).
 */
describeInBrowser('the trader’s view on the dashboard, in Chromium', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    mkdirSync(ARTIFACTS, { recursive: true });
    service = ServiceProcess.start(
      {
        DATA_DIR: join(temporaryDir(), 'data'),
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        REPLAY_BAR_INTERVAL_MS: '50',
        REPLAY_TO: '2021-05-02T00:00:00Z',
      },
      await freePort(),
    );
    browser = await launchChromium();
    await service.ready();
    await service.until(async () => {
      const health = await service.get<{ info: { market: { ended?: boolean } } }>('/healthz');
      return health.info.market.ended ? true : undefined;
    }, 60_000);
    // Over an hour of market time (12 bars an hour) with fills by more than one agent.
    const fills = await service.get<FillsPageDto>('/fills?limit=100');
    expect(new Set(fills.fills.map((f) => f.agentId)).size).toBeGreaterThanOrEqual(2);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = consoleErrors(page);
    await page.goto(service.url('/dashboard'));
    await page.locator('#tv-trades tr[data-fill]').first().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (service && service.child.exitCode === null && service.child.signalCode === null)
      service.kill('SIGKILL');
    await service?.exited;
  });

  const shownFillIds = () =>
    page.evaluate<number[]>(
      `[...document.querySelectorAll('#tv-trades tr[data-fill]')].map((r) => Number(r.dataset.fill))`,
    );

  it('lists in the trades table the fills the API returns, and pages to older ones', async () => {
    const api = await service.get<FillsPageDto>('/fills?limit=15');
    expect(api.fills.length).toBeGreaterThan(0);
    await poll(
      page,
      `document.querySelectorAll('#tv-trades tr[data-fill]').length === ${api.fills.length}`,
    );
    expect(await shownFillIds()).toEqual(api.fills.map((f) => f.id));
    const first = await page.locator('#tv-trades tr[data-fill]').first().allTextContents();
    expect(first[0]).toContain(api.fills[0].agentId);
    if (api.nextCursor) {
      await page.getByRole('button', { name: 'Older' }).click();
      const older = await service.get<FillsPageDto>(`/fills?limit=15&cursor=${api.nextCursor}`);
      await poll(
        page,
        `document.querySelector('#tv-trades tr')?.dataset.fill === '${older.fills[0].id}'`,
      );
      await page.getByRole('button', { name: 'Newer' }).click();
      await poll(
        page,
        `document.querySelector('#tv-trades tr')?.dataset.fill === '${api.fills[0].id}'`,
      );
    }
  });

  it('filters the trades by agent, and the filter survives the updates', async () => {
    const all = await service.get<FillsPageDto>('/fills?limit=100');
    const agent = all.fills.at(-1)!.agentId;
    const mine = await service.get<FillsPageDto>(`/fills?limit=15&agent=${agent}`);
    await page.getByLabel('Agent', { exact: true }).selectOption(agent);
    await poll(
      page,
      `document.querySelector('#tv-trades tr')?.dataset.fill === '${mine.fills[0].id}'`,
    );
    // Two refreshes later the selection and the filtered rows are still there.
    await new Promise((done) => setTimeout(done, 4_500));
    expect(await page.getByLabel('Agent', { exact: true }).inputValue()).toBe(agent);
    expect(await shownFillIds()).toEqual(mine.fills.map((f) => f.id));
    await page.getByLabel('Agent', { exact: true }).selectOption('');
  }, 30_000);

  it('labels the equity chart’s axes, and its range buttons change the series', async () => {
    const chart = page.locator('#tv-equity-chart');
    await expect(chart.locator('.axis-title').allTextContents()).resolves.toEqual([
      'market time (UTC)',
      'equity, USD',
    ]);
    expect(await chart.locator('.tick').count()).toBeGreaterThanOrEqual(8);
    const shown = async () => ({
      points: Number(await chart.getAttribute('data-points')),
      first: Number(await chart.getAttribute('data-first')),
    });
    await page.getByRole('button', { name: '1h', exact: true }).click();
    await poll(page, `Number(document.querySelector('#tv-equity-chart').dataset.points) <= 16`);
    const hour = await shown();
    expect(hour.points).toBeGreaterThanOrEqual(12);
    await page.getByRole('button', { name: 'all', exact: true }).click();
    await poll(
      page,
      `Number(document.querySelector('#tv-equity-chart').dataset.first) < ${hour.first}`,
    );
    expect((await shown()).points).not.toBe(hour.points);
    expect(
      await page.getByRole('button', { name: 'all', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    // The tooltip follows the keyboard.
    await chart.focus();
    await page.keyboard.press('End');
    await expect(page.locator('#tv-equity-tip').textContent()).resolves.toMatch(
      /UTC|portfolio: \$/,
    );
    await page.getByRole('button', { name: '1d', exact: true }).click();
  });

  it('shows the open positions /positions gives', async () => {
    const api = await service.get<PositionsDto>('/positions');
    const expected = api.agents.flatMap((a) => a.positions.map((p) => `${a.agentId}/${p.symbol}`));
    expect(expected.length).toBeGreaterThan(0);
    await poll(
      page,
      `document.querySelectorAll('#tv-positions tr[data-agent]').length === ${expected.length}`,
    );
    const shown = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#tv-positions tr[data-agent]')].map((r) => r.dataset.agent + '/' + r.dataset.symbol)`,
    );
    expect(shown).toEqual(expected);
    // Market time, not wall time: within the bars the replay made since the page last refreshed.
    const market = (await page.getByTestId('market-time').textContent()) ?? '';
    expect(market).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const lag = Date.parse(api.asOf!) - Date.parse(`${market.slice(0, 16).replace(' ', 'T')}:00Z`);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(6 * 3_600_000);
  });

  it('writes screenshots at 1440×900 and 390×844, and nothing is clipped on a phone', async () => {
    await page.locator('#trader').screenshot({ path: join(ARTIFACTS, 'trader-desktop.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-trader-1440x900.png') });
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phoneErrors = consoleErrors(phone);
    await phone.goto(service.url('/dashboard'));
    await phone.locator('#tv-trades tr[data-fill]').first().waitFor();
    await expect(
      phone.evaluate<number>('document.documentElement.scrollWidth'),
    ).resolves.toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(ARTIFACTS, 'dashboard-trader-390x844.png') });
    await phone.locator('#trader').screenshot({ path: join(ARTIFACTS, 'trader-phone.png') });
    expect(phoneErrors).toEqual([]);
    await phone.close();
  }, 30_000);

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const audited = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      bypassCSP: true,
    });
    await audited.goto(service.url('/dashboard'));
    await audited.locator('#tv-trades tr[data-fill]').first().waitFor();
    await audited.addScriptTag({ content: readFileSync(AXE, 'utf8') });
    const violations = await audited.evaluate<AxeViolation[]>(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
    );
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(bad).toEqual([]);
    await audited.close();
  }, 30_000);

  it('greys the view and says how long ago it was updated once the service stops', async () => {
    expect(errors).toEqual([]);
    service.kill('SIGTERM');
    await service.exited;
    await page
      .locator('#tv-stale', { hasText: /Disconnected — last update \d+ s ago/ })
      .waitFor({ timeout: 20_000 });
    expect(await page.locator('#trader').getAttribute('class')).toContain('stale');
    await page.locator('#trader').screenshot({ path: join(ARTIFACTS, 'trader-stale.png') });
  }, 30_000);
});
