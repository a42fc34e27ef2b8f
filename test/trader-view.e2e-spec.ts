import request from 'supertest';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import type {
  AllocationHistoryDto,
  CandlesDto,
  EquityDto,
  FillDto,
  FillsPageDto,
  OrdersPageDto,
  PositionsDto,
} from '../src/trader-view/trader-view.dto.js';
import { testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const BARS = 60;

describe('the trader’s view: orders, fills, positions, equity, allocations, candles', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(testConfig({ MCP_ENABLED: 'false' }));
    await app.advance(BARS);
    // Halted, the next bar marks every fill so far and books no new one.
    await request(app.server)
      .post('/admin/halt')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({ reason: 'freeze the book for the test' })
      .expect(200);
    await app.advance(1);
  });

  afterAll(() => app.close());

  async function get<T>(path: string, status = 200): Promise<T> {
    const response = await request(app.server).get(path);
    expect(response.status).toBe(status);
    return response.body as T;
  }

  async function allFills(query = ''): Promise<FillDto[]> {
    const fills: FillDto[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page: FillsPageDto = await get<FillsPageDto>(`/fills?limit=7${query}${after}`);
      expect(page.fills.length).toBeLessThanOrEqual(7);
      fills.push(...page.fills);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return fills;
  }

  it('pages through every fill once, newest first, and the count agrees with /portfolio-status', async () => {
    const fills = await allFills();
    const status = await get<PortfolioStatusDto>('/portfolio-status');
    const booked = status.agents.reduce((sum, a) => sum + a.fills, 0);
    expect(booked).toBeGreaterThan(7);
    expect(fills).toHaveLength(booked);
    const ids = fills.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (const f of fills) expect(f.notionalUsd).toBeCloseTo(f.quantity * f.price, 6);
  });

  it('filters fills by agent, symbol and side', async () => {
    const everything = await allFills();
    const agent = everything[0].agentId;
    const mine = await allFills(`&agent=${agent}`);
    expect(mine.length).toBe(everything.filter((f) => f.agentId === agent).length);
    expect(mine.every((f) => f.agentId === agent)).toBe(true);
    const symbol = everything[0].symbol;
    const buys = await allFills(`&symbol=${symbol}&side=buy`);
    expect(buys.length).toBe(
      everything.filter((f) => f.symbol === symbol && f.side === 'buy').length,
    );
  });

  it('lists the orders behind the fills with their state', async () => {
    const page = await get<OrdersPageDto>('/orders?limit=500&status=filled');
    const fills = await allFills();
    expect(page.orders.map((o) => o.clientOrderId).sort()).toEqual(
      fills.map((f) => f.clientOrderId).sort(),
    );
  });

  it('gives positions per agent that the fills add up to, and their sum for the portfolio', async () => {
    const positions = await get<PositionsDto>('/positions');
    const fills = await allFills();
    const held = new Map<string, number>();
    for (const f of fills) {
      const key = `${f.agentId}/${f.symbol}`;
      held.set(key, (held.get(key) ?? 0) + (f.side === 'buy' ? f.quantity : -f.quantity));
    }
    const open = [...held].filter(([, q]) => q > 1e-9);
    expect(open.length).toBeGreaterThan(0);
    const shown = positions.agents.flatMap((a) =>
      a.positions.map((p) => [`${a.agentId}/${p.symbol}`, p.quantity] as const),
    );
    expect(shown.map(([k]) => k).sort()).toEqual(open.map(([k]) => k).sort());
    for (const [key, quantity] of shown) expect(quantity).toBeCloseTo(held.get(key) ?? 0, 9);
    for (const p of positions.portfolio) {
      const sum = shown.filter(([k]) => k.endsWith(`/${p.symbol}`)).reduce((s, [, q]) => s + q, 0);
      expect(p.quantity).toBeCloseTo(sum, 9);
      expect(p.marketValueUsd).toBeCloseTo(p.quantity * (p.lastPrice ?? 0), 6);
    }
    const one = await get<PositionsDto>(`/positions?agent=${positions.agents[0].agentId}`);
    expect(one.agents).toHaveLength(1);
  });

  it('keeps an equity mark per bar for every agent and the portfolio, in market time', async () => {
    const equity = await get<EquityDto>('/equity');
    expect(equity.series.map((s) => s.id)).toContain('portfolio');
    expect(equity.series).toHaveLength(7);
    const portfolio = equity.series.find((s) => s.id === 'portfolio')!;
    // One mark per bar, stamped with the bar's market time.
    expect(portfolio.points).toHaveLength(BARS + 1);
    const last = portfolio.points.at(-1)!;
    const bars = await get<CandlesDto>('/candles?symbol=BTCUSDT');
    expect(last.ts).toBe(bars.candles.at(-1)!.openTime);
    const hourly = await get<EquityDto>('/equity?agent=portfolio&step=1h');
    expect(hourly.series[0].points.length).toBeLessThanOrEqual(Math.ceil((BARS + 1) / 12) + 1);
    const lastHour = await get<EquityDto>(
      `/equity?agent=portfolio&from=${new Date(Date.parse(last.ts) - 3_600_000).toISOString()}`,
    );
    expect(lastHour.series[0].points).toHaveLength(13);
    const status = await get<PortfolioStatusDto>('/portfolio-status');
    expect(last.equityUsd).toBeCloseTo(status.equityUsd, 6);
    const one = await get<EquityDto>('/equity?agent=qwen&step=1d');
    expect(one.series.map((s) => s.id)).toEqual(['qwen']);
    expect(one.step).toBe('1d');
    const none = await get<EquityDto>('/equity?from=1990-01-01T00:00:00Z&to=1990-01-02T00:00:00Z');
    expect(none.series.every((s) => s.points.length === 0)).toBe(true);
  });

  it('gives each agent’s allocation over time next to its target', async () => {
    const history = await get<AllocationHistoryDto>('/allocations/history');
    expect(history.agents).toHaveLength(6);
    const status = await get<PortfolioStatusDto>('/portfolio-status');
    for (const agent of history.agents) {
      const now = status.agents.find((a) => a.agentId === agent.agentId)!;
      expect(agent.points.at(-1)?.targetPct).toBeCloseTo(now.targetPct, 6);
    }
  });

  it('gives the bars of a symbol the agents traded on', async () => {
    const body = await get<CandlesDto>('/candles?symbol=BTCUSDT');
    expect(body.candles.length).toBeGreaterThanOrEqual(BARS);
    const times = body.candles.map((c) => Date.parse(c.openTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const from = body.candles.at(-3)!.openTime;
    const tail = await get<CandlesDto>(`/candles?symbol=BTCUSDT&from=${from}`);
    expect(tail.candles).toHaveLength(3);
  });

  it.each([
    ['/fills?limit=abc', 'limit'],
    ['/fills?limit=501', 'limit'],
    ['/fills?agent=nobody', 'agent'],
    ['/fills?cursor=not-a-cursor', 'cursor'],
    ['/orders?status=lost', 'status'],
    ['/fills?from=yesterday', 'from'],
    ['/fills?from=2021-05-02T00:00:00Z&to=2021-05-01T00:00:00Z', 'to'],
    ['/equity?step=7m', 'step'],
    ['/equity?agent=nobody', 'agent'],
    ['/candles', 'symbol'],
    ['/candles?symbol=DOGEUSDT', 'symbol'],
    ['/positions?agent=x', 'agent'],
    ['/fills?colour=red', 'colour'],
  ])('refuses %s with a 400 naming %s', async (path, field) => {
    const body = await get<{ fields: string[]; message: string[] }>(path, 400);
    expect(body.fields).toEqual([field]);
    expect(body.message.join(' ')).toContain(field);
  });
});
