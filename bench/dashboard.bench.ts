import { existsSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { MarketReplay } from '../src/trading/market-replay.service.js';
import { median, print, round } from './bench-result.js';
import { CHROMIUM, launchChromium } from '../test/support/chromium.js';
import { listeningService } from './bench-service.js';

const RUNS = 7;
const FIRST_RENDER_BUDGET_MS = 1_000;
const TRANSFER_BUDGET_BYTES = 300 * 1024;
/** The bench runs from `dist/bench` (npm run bench); the repository root is two levels up. */

interface PageLoad {
  /** Navigation start to the figure's moment, ms. */
  readonly ms: number;
  readonly firstContentfulPaintMs: number;
  /** Bytes over the wire for the page and everything it loaded, the live stream excepted. */
  readonly transferBytes: number;
}

// Evaluated in the page (strings: this project's TypeScript has no DOM types).
const TRANSFER = `(() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return entries.filter((e) => !e.name.endsWith('/events')).reduce((sum, e) => sum + e.transferSize, 0);
})()`;
const PAINT = `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`;
/** The trader's view drawn from the trader API (equity, prices, positions, trades), and the live stream's first snapshot. */
const TRADER_VIEW = `(() => {
  const marks = ['dashboard:first-snapshot', 'dashboard:trader-first-render'].map((n) => performance.getEntriesByName(n)[0]?.startTime);
  return marks.every((m) => m !== undefined) ? Math.max(...marks) : undefined;
})()`;
const LOADED = `performance.getEntriesByType('navigation')[0]?.loadEventEnd || undefined`;

/** One cold load (fresh context, empty cache), timed in the page by the browser's own clock. */
async function load(browser: Browser, url: string, moment: string): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    // Polled from here: waitForFunction would eval inside the page, which its CSP forbids. The
    // figure comes from the page's own marks, so the polling interval does not change it.
    let ms: number | undefined;
    const deadline = Date.now() + 10_000;
    while ((ms = await page.evaluate<number | undefined>(moment)) === undefined) {
      if (Date.now() > deadline) throw new Error(`${url}: ${moment} never happened`);
      await new Promise((done) => setTimeout(done, 20));
    }
    return {
      ms,
      firstContentfulPaintMs: await page.evaluate<number>(PAINT),
      transferBytes: await page.evaluate<number>(TRANSFER),
    };
  } finally {
    await context.close();
  }
}

/**
 * The dashboard's first render and transfer size on localhost, against the live service with its
 * agents trading a replay. Baseline in the same run: the service's other page, Swagger UI at `/docs`
 * (time to its load event), so the ratio survives a noisy machine.
 */
export async function runDashboardBench(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(
      `dashboard bench skipped: ${CHROMIUM} is missing (apt-get install chromium)\n`,
    );
    return;
  }
  const service = await listeningService('ct-bench-dashboard-');
  service.app.get(MarketReplay).start();
  const browser = await launchChromium();
  try {
    const dashboard: PageLoad[] = [];
    const docs: PageLoad[] = [];
    // One untimed load of each warms the service's code paths, as a trader's first visit would not.
    await load(browser, `${service.base}/dashboard`, TRADER_VIEW);
    await load(browser, `${service.base}/docs`, LOADED);
    for (let run = 0; run < RUNS; run++) {
      dashboard.push(await load(browser, `${service.base}/dashboard`, TRADER_VIEW));
      docs.push(await load(browser, `${service.base}/docs`, LOADED));
    }
    const firstRender = median(dashboard.map((l) => l.ms));
    const docsLoad = median(docs.map((l) => l.ms));
    print({
      name: 'dashboard_first_render',
      value: round(firstRender),
      unit: 'ms',
      baseline: round(docsLoad),
      baselineName: 'swagger_ui_load',
      ratio: round(firstRender / docsLoad),
      budget: FIRST_RENDER_BUDGET_MS,
      withinBudget: firstRender < FIRST_RENDER_BUDGET_MS,
      firstContentfulPaintMs: round(median(dashboard.map((l) => l.firstContentfulPaintMs))),
      runs: RUNS,
    });
    const transfer = median(dashboard.map((l) => l.transferBytes));
    const docsTransfer = median(docs.map((l) => l.transferBytes));
    print({
      name: 'dashboard_transfer',
      value: transfer,
      unit: 'bytes',
      baseline: docsTransfer,
      baselineName: 'swagger_ui_transfer',
      ratio: round(transfer / docsTransfer),
      budget: TRANSFER_BUDGET_BYTES,
      withinBudget: transfer < TRANSFER_BUDGET_BYTES,
    });
  } finally {
    await browser.close();
    await service.close();
  }
}
