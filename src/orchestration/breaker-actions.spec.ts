import { testEngineSettings } from './engine.fixture.js';
import type { EngineSettings } from './engine-contract.js';
import { PortfolioEngine } from './portfolio-engine.js';

const prices: Record<string, number> = { BTCUSDT: 50_000, ETHUSDT: 2_000, ADAUSDT: 1.5 };
const price = (s: string) => prices[s];

function engine(overrides: Partial<EngineSettings> = {}): PortfolioEngine {
  const settings = testEngineSettings(overrides);
  return new PortfolioEngine(settings, PortfolioEngine.opening(settings, 100_000));
}

/** Only the portfolio's breaker acts: one agent's large loss would trip its own breaker first. */
const agentsNeverTrip = { agentMaxDrawdownPct: 100, agentWarningPct: 100 };

const buy = (e: PortfolioEngine, agentId: string, symbol: string, usd: number, ts = 0) =>
  e.book(agentId, {
    symbol,
    side: 'buy',
    quantity: usd / prices[symbol],
    price: prices[symbol],
    feeUsd: 0,
    ts,
  });

describe('breaker actions', () => {
  afterEach(() => {
    prices.ETHUSDT = 2_000;
  });

  it('after a portfolio trip in halt, refuses new risk and lets a sell of a held position through', () => {
    const e = engine({ portfolioMaxDrawdownPct: 10, ...agentsNeverTrip });
    buy(e, 'deepseek-v3', 'ETHUSDT', 20_000);
    prices.ETHUSDT = 800; // −60 % on a fifth of the portfolio: −12 %
    const tripped = e.observe(price, 1);
    expect(tripped.map((b) => [b.id, b.state])).toEqual([['portfolio', 'halted']]);
    const signal = { agentId: 'deepseek-v3', symbol: 'ETHUSDT', confidence: 1 };
    expect(e.propose({ ...signal, id: 'b', side: 'buy' }, price, 2)).toEqual({
      kind: 'refused',
      reason: 'trading is halted by a breaker: only orders that cut exposure pass',
    });
    expect(
      e.propose({ ...signal, agentId: 'fingpt', id: 'n', side: 'buy', symbol: 'ADAUSDT' }, price, 2)
        .kind,
    ).toBe('refused');
    expect(e.propose({ ...signal, id: 's', side: 'sell' }, price, 3)).toMatchObject({
      kind: 'order',
      order: { side: 'sell', symbol: 'ETHUSDT' },
    });
  });

  it('warns past the warning level before it trips', () => {
    const e = engine({ portfolioMaxDrawdownPct: 20, portfolioWarningPct: 15, ...agentsNeverTrip });
    buy(e, 'deepseek-v3', 'ETHUSDT', 30_000);
    prices.ETHUSDT = 1_000; // −15 % of the portfolio
    expect(e.observe(price, 1)).toEqual([]);
    expect(e.warnings()).toContain('portfolio');
    prices.ETHUSDT = 700; // −19.5 %
    e.observe(price, 2);
    expect(e.warnings()).toContain('portfolio');
    prices.ETHUSDT = 400; // −24 %: tripped, no longer a warning
    expect(e.observe(price, 3).map((b) => b.id)).toContain('portfolio');
    expect(e.warnings()).not.toContain('portfolio');
  });

  it("a flatten of the portfolio sells every agent's positions, each from its own ledger", () => {
    const e = engine({ flattenOnTrip: true });
    buy(e, 'deepseek-v3', 'ETHUSDT', 10_000);
    buy(e, 'freqtrade-hft', 'ETHUSDT', 5_000);
    buy(e, 'fingpt', 'ADAUSDT', 3_000);
    const orders = e.exitOrders('portfolio', 7);
    expect(orders.map((o) => [o.agentId, o.symbol, o.side, o.quantity])).toEqual(
      expect.arrayContaining([
        ['deepseek-v3', 'ETHUSDT', 'sell', 5],
        ['freqtrade-hft', 'ETHUSDT', 'sell', 2.5],
        ['fingpt', 'ADAUSDT', 'sell', 2_000],
      ]),
    );
    expect(orders).toHaveLength(3);
  });

  it("an agent breaker's flatten sells only that agent's position, never another's in the same symbol", () => {
    const e = engine({ flattenOnTrip: true, agentMaxDrawdownPct: 10 });
    buy(e, 'deepseek-v3', 'ETHUSDT', 20_000);
    buy(e, 'freqtrade-hft', 'ETHUSDT', 1_000);
    buy(e, 'freqtrade-hft', 'BTCUSDT', 20_000);
    prices.ETHUSDT = 1_000; // deepseek loses a third of its capital; freqtrade under 3 %
    const tripped = e.observe(price, 1).map((b) => b.id);
    expect(tripped).toEqual(['deepseek-v3']);
    const orders = e.exitOrders('deepseek-v3', 1);
    expect(orders.map((o) => [o.agentId, o.symbol, o.quantity])).toEqual([
      ['deepseek-v3', 'ETHUSDT', 10],
    ]);
    for (const o of orders) e.book(o.agentId, { ...o, price: price(o.symbol), feeUsd: 0, ts: 2 });
    expect(e.ledger('deepseek-v3')?.exposureUsd(price)).toBe(0);
    expect(e.ledger('freqtrade-hft')?.quantity('ETHUSDT')).toBeCloseTo(0.5, 12);
    expect(e.breaker('freqtrade-hft')?.state).toBe('ok');
    expect(e.reconcile().cashUsd).toBeCloseTo(0, 6);
  });
});
