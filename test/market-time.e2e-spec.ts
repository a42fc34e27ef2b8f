import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import type { ReplayReport } from '../src/replay/replay-report.js';
import {
  closesByTime,
  drawdownObservations,
  FillBook,
  openRun,
  type FillRow,
} from './support/ledger-recomputation.js';
import { freePort, ServiceProcess } from './support/service-process.js';
import { REPO_ROOT, temporaryDir } from './support/test-config.js';

const REPLAY = join(REPO_ROOT, 'dist', 'src', 'replay', 'replay-command.js');
const INITIAL_CAPITAL = 100_000;

/** `npm run replay -- --json`, as a user runs it: the JSON report is the last line of stdout. */
function replayMonth(): ReplayReport {
  const run = spawnSync(process.execPath, [REPLAY, '--json'], {
    cwd: REPO_ROOT,
    // Retention deletes rows once shipped, and shipping runs on real time: keep every row here, so
    // the export itself can be compared.
    env: { PATH: process.env.PATH ?? '', LOCAL_RETENTION_DAYS: '36500' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`replay failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as ReplayReport;
}

const table = (dataDir: string, sql: string) => {
  const db = openRun(dataDir);
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};
const ORDERS = 'SELECT * FROM orders ORDER BY rowid';
const FILLS = 'SELECT * FROM fills ORDER BY id';

/**
 * Market time is the one clock: the replay runs the live code as fast as the CPU allows and repeats
 * itself exactly; breakers see every mark; reports are in market time.
 */
describe('one clock: the bundled month in market time', () => {
  let first: ReplayReport;
  let second: ReplayReport;

  beforeAll(() => {
    first = replayMonth();
    second = replayMonth();
  }, 180_000);

  it('repeats itself: equal reports but for wall time, identical orders and fills, ids and times included', () => {
    const withoutWall = ({ wallMs, dataDir, ...rest }: ReplayReport) => ({ wallMs, dataDir, rest });
    const { dataDir: dirA, rest: reportA } = withoutWall(first);
    const { dataDir: dirB, rest: reportB } = withoutWall(second);
    expect(dirA).not.toBe(dirB);
    expect(reportB).toEqual(reportA);
    expect(reportA.bars).toBe(8_832);
    const orders = table(dirA, ORDERS);
    expect(orders.length).toBeGreaterThan(1_000);
    expect(table(dirB, ORDERS)).toEqual(orders);
    expect(table(dirB, FILLS)).toEqual(table(dirA, FILLS));
    const exported = 'SELECT id, stream, payload, created_at FROM outbox ORDER BY id';
    expect(table(dirB, exported)).toEqual(table(dirA, exported));
  });

  it('stamps every fill with market time inside the candles', () => {
    const fills = table(first.dataDir, FILLS) as FillRow[];
    const start = Date.parse(first.marketStart);
    const end = Date.parse(first.marketEnd);
    expect(fills.every((f) => f.ts > start && f.ts <= end)).toBe(true);
    expect(Date.parse('2021-05-01T00:00:00Z')).toBeLessThan(start);
    expect(end).toBeLessThanOrEqual(Date.parse('2021-06-01T00:00:00Z'));
  });

  it('trips the portfolio breaker on the first bar whose close takes drawdown to 20%, and an agent’s at 30%', () => {
    const fills = table(first.dataDir, FILLS) as FillRow[];
    const closes = closesByTime();
    const start = Date.parse(first.marketStart);
    const bars = [...closes.keys()].filter((t) => t > start).sort((a, b) => a - b);
    const trips = table(
      first.dataDir,
      "SELECT breaker_id, ts, reason FROM breaker_events WHERE action = 'trip' ORDER BY id",
    ) as { breaker_id: string; ts: number; reason: string }[];

    const portfolioTrip = trips.find((t) => t.breaker_id === 'portfolio');
    const portfolio = drawdownObservations(fills, closes, bars, () => INITIAL_CAPITAL);
    const crossed = portfolio.find((o) => o.drawdownPct >= 20);
    expect(crossed).toBeDefined();
    expect(portfolioTrip?.ts).toBe(crossed?.ts);

    const transfers = table(
      first.dataDir,
      'SELECT agent_id, amount_usd, ts FROM capital_transfers ORDER BY id',
    ) as { agent_id: string; amount_usd: number; ts: number }[];
    const agentTrips = trips.filter((t) => t.breaker_id !== 'portfolio');
    expect(agentTrips.length).toBeGreaterThan(0);
    for (const trip of agentTrips) {
      const agent = trip.breaker_id;
      // The capital behind the agent at any time: what it holds now, less the transfers since.
      const [{ contributed }] = table(
        first.dataDir,
        `SELECT contributed_usd AS contributed FROM agent_ledgers WHERE agent_id = '${agent}'`,
      ) as { contributed: number }[];
      const openingCapital =
        contributed -
        transfers.filter((t) => t.agent_id === agent).reduce((s, t) => s + t.amount_usd, 0);
      const capitalAt = (ts: number) =>
        openingCapital +
        transfers
          .filter((t) => t.agent_id === agent && t.ts <= ts)
          .reduce((s, t) => s + t.amount_usd, 0);
      const observed = drawdownObservations(
        fills.filter((f) => f.agent_id === agent),
        closes,
        bars,
        capitalAt,
      );
      expect(observed.find((o) => o.drawdownPct >= 30)?.ts).toBe(trip.ts);
    }
  });

  it('meets the coordinator’s targets at live pace: 60–80% fewer deliveries, <30% of signals throttled, no agent over 2× the average', () => {
    const { activity, balance } = first;
    expect(activity.messageReduction).toBeGreaterThanOrEqual(0.6);
    expect(activity.messageReduction).toBeLessThanOrEqual(0.8);
    expect(activity.throttledSignalRatio).toBeLessThan(0.3);
    for (const agent of balance) expect(agent.maxScore).toBeLessThanOrEqual(2);
    // fingpt reads headlines only at their own time: the bundled ones (May 2022) are a year after the
    // bundled candles, so it stays quiet (and says why); every other agent takes part.
    for (const agent of activity.agents)
      if (agent.agentId === 'fingpt') expect(agent.sent).toBe(0);
      else expect(agent.sent).toBeGreaterThan(0);
  });

  describe('the service, unpaced, over the same month', () => {
    let service: ServiceProcess;
    const dataDir = join(temporaryDir(), 'data');

    beforeAll(async () => {
      service = ServiceProcess.start(
        { DATA_DIR: dataDir, REPLAY_BAR_INTERVAL_MS: '0', LOG_LEVEL: 'ERROR' },
        await freePort(),
      );
      await service.ready();
      await service.until(async () => {
        const health = await service.get<{ info: { market: { state: string } } }>('/healthz');
        return health.info.market.state === 'ended' ? true : undefined;
      }, 120_000);
    }, 150_000);

    afterAll(async () => {
      service.kill('SIGTERM');
      await service.exited;
    });

    it('trades exactly as the replay did: the replay runs the code npm start runs', () => {
      expect(table(dataDir, FILLS)).toEqual(table(first.dataDir, FILLS));
      expect(table(dataDir, ORDERS)).toEqual(table(first.dataDir, ORDERS));
    });

    it('shows market time, and that the data has ended', async () => {
      const health = await service.get<{ info: { market: { marketTime: string; state: string } } }>(
        '/healthz',
      );
      expect(health.info.market).toMatchObject({ marketTime: first.marketEnd, state: 'ended' });
      const status = await service.get<{ marketTime: string }>('/portfolio-status');
      expect(status.marketTime).toBe(first.marketEnd);
    });

    it('reports May 2021 with return, drawdown and Sharpe that the fills and closes give', async () => {
      const response = await request(service.url(''))
        .get('/reports/monthly?month=2021-05')
        .expect(200);
      const body = response.body as unknown;
      const portfolio = (
        body as {
          portfolio: { returnPct: number; maxDrawdownPct: number; sharpe: number; samples: number };
        }
      ).portfolio;
      const markTimes = (
        table(dataDir, "SELECT ts FROM performance_marks WHERE id = 'portfolio' ORDER BY ts") as {
          ts: number;
        }[]
      )
        .map((m) => m.ts)
        .filter((ts) => ts < Date.parse('2021-06-01T00:00:00Z'));
      expect(portfolio.samples).toBe(markTimes.length);
      expect(markTimes.length).toBeGreaterThan(700); // an hourly mark for every market hour

      // Equity at each mark from the fills before it and the closes at it, then the report's formulas:
      // compounded hourly returns, drawdown of that wealth, Sharpe = mean/sd × √(periods per year).
      const fills = table(dataDir, FILLS) as FillRow[];
      const closes = closesByTime();
      const book = new FillBook();
      let next = 0;
      const equity = markTimes.map((ts) => {
        while (next < fills.length && fills[next].ts < ts) book.apply(fills[next++]);
        return INITIAL_CAPITAL + book.pnl(closes.get(ts) ?? new Map());
      });
      const returns = equity.slice(1).map((e, i) => e / equity[i] - 1);
      let wealth = 1;
      let peak = 1;
      let maxDrawdown = 0;
      for (const r of returns) {
        wealth *= 1 + r;
        peak = Math.max(peak, wealth);
        maxDrawdown = Math.max(maxDrawdown, (peak - wealth) / peak);
      }
      const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
      const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
      const years = (markTimes.at(-1)! - markTimes[0]) / (365 * 24 * 3_600_000);
      const sharpe = (mean / sd) * Math.sqrt(returns.length / years);

      expect(portfolio.returnPct).toBeCloseTo((equity.at(-1)! / equity[0] - 1) * 100, 6);
      expect(portfolio.maxDrawdownPct).toBeCloseTo(maxDrawdown * 100, 6);
      expect(portfolio.sharpe).toBeCloseTo(sharpe, 6);
      expect(portfolio.returnPct).not.toBe(0);
    });
  });
});
