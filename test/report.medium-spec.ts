import request from 'supertest';
import type { MonthlyReportDto } from '../src/orchestration/report.dto.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

/** 600 bundled 5-minute bars: fifty hours of hourly marks in market time. */
const BARS = 600;

/**
 * The whole service replays the bundled candles in market time (agents, coordinator, orchestrator,
 * paper broker, the portfolio's clockwork), then `GET /reports/monthly` answers with figures that agree
 * with what it stored.
 */
describe('GET /reports/monthly after a replay', () => {
  let service: TestApp;
  const app = () => service.app;

  beforeAll(async () => {
    service = await TestApp.start(testConfig());
    await service.advance(BARS);
  }, 120_000);

  afterAll(() => service.close());

  const db = () => app().get(SqliteConnection).db;

  it('reports return, volatility, Sharpe, drawdown, turnover and fees per agent and for the portfolio', async () => {
    const report = (await request(service.server).get('/reports/monthly?month=2021-05').expect(200))
      .body as MonthlyReportDto;
    expect(report).toMatchObject({
      month: '2021-05',
      targetReturnPct: 15,
      from: '2021-05-01T00:00:00.000Z',
    });
    expect(report.agents.map((a) => a.id).sort()).toEqual([
      'deepseek-v3',
      'fingpt',
      'freqtrade-hft',
      'hummingbot-mm',
    ]);

    const marks = db()
      .prepare(
        "SELECT pnl_usd, capital_usd FROM performance_marks WHERE id = 'portfolio' ORDER BY ts",
      )
      .all() as { pnl_usd: number; capital_usd: number }[];
    expect(marks.length).toBeGreaterThanOrEqual(10);
    const [firstMark, lastMark] = [marks[0], marks[marks.length - 1]];
    // No capital moves in or out of the whole portfolio, so its compounded return is its equity change.
    const equityReturn =
      ((lastMark.capital_usd + lastMark.pnl_usd) / (firstMark.capital_usd + firstMark.pnl_usd) -
        1) *
      100;
    expect(report.portfolio.returnPct).toBeCloseTo(equityReturn, 9);
    expect(report.portfolio.vsTargetPct).toBeCloseTo(report.portfolio.returnPct - 15, 9);
    expect(report.portfolio.metTarget).toBe(report.portfolio.returnPct >= 15);
    expect(report.portfolio.samples).toBe(marks.length);

    const fees = db()
      .prepare(
        'SELECT agent_id, SUM(fee_usd) AS fees, SUM(quantity * price) AS traded FROM fills GROUP BY agent_id',
      )
      .all() as { agent_id: string; fees: number; traded: number }[];
    expect(fees.length).toBeGreaterThan(0);
    expect(report.portfolio.feesUsd).toBeCloseTo(
      fees.reduce((s, f) => s + f.fees, 0),
      9,
    );
    for (const row of fees) {
      const agent = report.agents.find((a) => a.id === row.agent_id);
      expect(agent?.feesUsd).toBeCloseTo(row.fees, 9);
      expect(agent?.turnover).toBeGreaterThan(0);
    }
    for (const figures of [report.portfolio, ...report.agents]) {
      expect(figures.volatilityPct).toBeGreaterThanOrEqual(0);
      expect(figures.maxDrawdownPct).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(figures.returnPct)).toBe(true);
    }
    expect(report.portfolio.sharpe).not.toBeNull();
  });

  it('exports a portfolio snapshot per agent and for the portfolio every 10 seconds', () => {
    const rows = db()
      .prepare(
        "SELECT payload FROM outbox WHERE stream = 'portfolio_snapshots' ORDER BY id DESC LIMIT 7",
      )
      .all() as { payload: string }[];
    const snapshots = rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    expect(snapshots.map((s) => s.agentId).sort()).toEqual([
      'deepseek-v3',
      'fingpt',
      'freqtrade-hft',
      'hummingbot-mm',
      'lag-llama',
      'portfolio',
      'qwen',
    ]);
    for (const s of snapshots)
      expect(Object.keys(s).sort()).toEqual([
        'agentId',
        'allocationPct',
        'cashUsd',
        'drawdownPct',
        'equityUsd',
        'exposureUsd',
        'pnlUsd',
        'targetPct',
        'ts',
      ]);
  });

  it('answers a month with no marks with empty figures, and refuses a malformed month naming the field', async () => {
    const empty = (await request(service.server).get('/reports/monthly?month=2020-01').expect(200))
      .body as MonthlyReportDto;
    expect(empty.agents).toEqual([]);
    expect(empty.portfolio).toMatchObject({ returnPct: 0, samples: 0, sharpe: null });
    for (const bad of ['?month=2021-13', '?month=May', '', '?month=2021-05&x=1']) {
      const response = await request(service.server).get(`/reports/monthly${bad}`).expect(400);
      expect(JSON.stringify(response.body)).toMatch(/month|x/);
    }
  });
});
