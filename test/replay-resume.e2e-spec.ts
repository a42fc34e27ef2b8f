import { join } from 'node:path';
import { writeCandleSet } from './support/candle-set.js';
import { openRun } from './support/ledger-recomputation.js';
import type { ServiceProcess } from './support/service-process.js';
import { serviceLauncher } from './support/service-launcher.js';
import { temporaryDir } from './support/test-config.js';

interface Health {
  info: {
    market: {
      marketTime: string;
      state: string;
      ended: boolean;
      endedAt?: string;
      regressions: number;
    };
  };
}
interface Status {
  equityUsd: number;
  agents: { agentId: string; fills: number }[];
}

const START_MS = Date.parse('2024-03-01T00:00:00Z');
const BAR_MS = 5 * 60_000;
const BARS = 600;
const WARMUP = 96;
/** The first run stops here, as at the end of its data. */
const FIRST_STOP_MS = START_MS + 350 * BAR_MS;
const END_MS = START_MS + BARS * BAR_MS;

const fillsOf = (status: Status) => status.agents.reduce((n, a) => n + a.fills, 0);

async function firstDashboardEvent(service: ServiceProcess): Promise<{ marketEndedAt?: number }> {
  const controller = new AbortController();
  const response = await fetch(service.url('/events'), { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  controller.abort();
  const line = text.split('\n').find((l) => l.startsWith('data: ')) ?? 'data: {}';
  return JSON.parse(line.slice('data: '.length)) as { marketEndedAt?: number };
}

/**
 * The replay position is state, like the ledgers: a service stopped part-way resumes with the next bar
 * (warm-up from the bars before it), its equity continues where it stood, no bar is replayed twice, and
 * at the end of the data it stops, says so, and trades no more.
 */
describe('a restarted service resumes the replay', () => {
  const dataDir = join(temporaryDir(), 'data');
  const marketDir = temporaryDir('ct-md-');
  writeCandleSet(marketDir, {
    symbols: ['BTCUSDT', 'ETHUSDT', 'XRPUSDT'],
    interval: '5m',
    bars: BARS,
    start: START_MS,
    seed: 21,
  });
  const launch = serviceLauncher();

  async function start(env: Record<string, string>): Promise<ServiceProcess> {
    const service = await launch({
      DATA_DIR: dataDir,
      MARKET_DATA_DIR: marketDir,
      LOG_LEVEL: 'INFO',
      LOG_FORMAT: 'json',
      ...env,
    });
    await service.ready(30_000);
    return service;
  }

  async function stop(service: ServiceProcess): Promise<void> {
    service.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }

  const ended = (service: ServiceProcess) =>
    service.until(async () => {
      const health = await service.get<Health>('/healthz');
      return health.info.market.ended ? health : undefined;
    }, 90_000);

  it('continues market time, equity and fills where the previous run stopped', async () => {
    // 1: replay to FIRST_STOP_MS, then stop.
    let service = await start({
      REPLAY_BAR_INTERVAL_MS: '0',
      REPLAY_TO: new Date(FIRST_STOP_MS).toISOString(),
    });
    const firstEnd = await ended(service);
    expect(firstEnd.info.market).toMatchObject({
      marketTime: new Date(FIRST_STOP_MS).toISOString(),
      state: 'ended',
      endedAt: new Date(FIRST_STOP_MS).toISOString(),
      regressions: 0,
    });
    const before = await service.get<Status>('/portfolio-status');
    expect(fillsOf(before)).toBeGreaterThan(0);
    await stop(service);

    // 2: restarted with more data ahead but no bar yet: the same market time, equity and fills.
    service = await start({ REPLAY_BAR_INTERVAL_MS: '300000' });
    expect(service.output).toMatch(
      `resuming the replay after ${new Date(FIRST_STOP_MS).toISOString()}, the last bar the previous run completed`,
    );
    const resumed = await service.get<Health>('/healthz');
    expect(resumed.info.market).toMatchObject({
      marketTime: new Date(FIRST_STOP_MS).toISOString(),
      state: 'running',
      ended: false,
    });
    const atRestart = await service.get<Status>('/portfolio-status');
    expect(atRestart.equityUsd).toBeCloseTo(before.equityUsd, 6);
    expect(fillsOf(atRestart)).toBe(fillsOf(before));
    await stop(service);

    // 3: on to the end of the data, which stops the replay for good.
    service = await start({ REPLAY_BAR_INTERVAL_MS: '0' });
    const finalEnd = await ended(service);
    expect(finalEnd.info.market).toMatchObject({
      marketTime: new Date(END_MS).toISOString(),
      endedAt: new Date(END_MS).toISOString(),
      regressions: 0,
    });
    expect(service.output).toMatch(/the market data ended at .*: trading has stopped/);
    // The dashboard's stream carries the end, for its banner.
    expect((await firstDashboardEvent(service)).marketEndedAt).toBe(END_MS);
    const after = await service.get<Status>('/portfolio-status');
    expect(fillsOf(after)).toBeGreaterThan(fillsOf(before));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fillsOf(await service.get<Status>('/portfolio-status'))).toBe(fillsOf(after));
    await stop(service);

    const db = openRun(dataDir);
    try {
      // Every bar after the warm-up marked (at its open) exactly once, across three runs: none
      // skipped, none twice.
      const marks = db
        .prepare<[], { ts: number }>(
          "SELECT ts FROM equity_marks WHERE id = 'portfolio' ORDER BY ts",
        )
        .all()
        .map((r) => r.ts);
      const expected = Array.from(
        { length: BARS - WARMUP },
        (_, i) => START_MS + (WARMUP + i) * BAR_MS,
      );
      expect(marks).toEqual(expected);
      const runs = db
        .prepare<[], { market_start: number }>(
          'SELECT market_start FROM service_runs ORDER BY rowid',
        )
        .all()
        .map((r) => r.market_start);
      expect(runs).toEqual([START_MS + WARMUP * BAR_MS, FIRST_STOP_MS, FIRST_STOP_MS]);
      const lastRunFills = db
        .prepare<[number], { n: number; first: number }>(
          'SELECT COUNT(*) AS n, MIN(ts) AS first FROM fills WHERE ts > ?',
        )
        .get(FIRST_STOP_MS);
      expect(lastRunFills?.n).toBe(fillsOf(after) - fillsOf(before));
    } finally {
      db.close();
    }
  }, 240_000);
});

describe('a bad data set', () => {
  const launch = serviceLauncher();

  it('stops the start with one line per problem, naming file and line', async () => {
    const marketDir = temporaryDir('ct-md-');
    writeCandleSet(marketDir, {
      symbols: ['BTCUSDT', 'ETHUSDT'],
      interval: '5m',
      bars: 200,
      start: START_MS,
      seed: 22,
      gaps: [{ symbol: 'ETHUSDT', at: 100, count: 2 }],
    });
    writeCandleSet(marketDir, {
      symbols: ['SOLUSDT'],
      interval: '1h',
      bars: 200,
      start: START_MS,
      seed: 22,
    });
    const service = await launch({
      DATA_DIR: join(temporaryDir(), 'data'),
      MARKET_DATA_DIR: marketDir,
    });
    const { code } = await service.exited;
    expect(code).toBe(1);
    const gapFrom = new Date(START_MS + 100 * BAR_MS).toISOString();
    const gapTo = new Date(START_MS + 101 * BAR_MS).toISOString();
    expect(service.output).toContain(
      [
        `Cloud Trader failed to start: Invalid market data in ${marketDir}:`,
        "  - SOL_USDT-1h.csv: interval 1h differs from BTC_USDT-5m.csv's 5m: a data set has one interval",
      ].join('\n'),
    );
    const fixedInterval = temporaryDir('ct-md-');
    writeCandleSet(fixedInterval, {
      symbols: ['BTCUSDT', 'ETHUSDT'],
      interval: '5m',
      bars: 200,
      start: START_MS,
      seed: 22,
      gaps: [{ symbol: 'ETHUSDT', at: 100, count: 2 }],
    });
    const second = await launch({
      DATA_DIR: join(temporaryDir(), 'data'),
      MARKET_DATA_DIR: fixedInterval,
    });
    expect((await second.exited).code).toBe(1);
    expect(second.output).toContain(
      `  - ETH_USDT-5m.csv:102: gap of 2 5m bars (${gapFrom} to ${gapTo}); GAP_POLICY=fill-forward fills it with flat bars`,
    );
  }, 60_000);
});
