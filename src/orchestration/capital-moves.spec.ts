import { testEngineSettings } from './engine.fixture.js';
import type { EngineSettings } from './engine-contract.js';
import { PortfolioEngine } from './portfolio-engine.js';

const prices: Record<string, number> = { BTCUSDT: 50_000, ETHUSDT: 2_000, ADAUSDT: 1.5 };
const price = (s: string) => prices[s];

function engine(overrides: Partial<EngineSettings> = {}): PortfolioEngine {
  const settings = testEngineSettings(overrides);
  return new PortfolioEngine(settings, PortfolioEngine.opening(settings, 100_000));
}

/** Fills every order at the mark, as the paper broker would, and books it. */
function fillAll(e: PortfolioEngine, orders: ReturnType<PortfolioEngine['reductionOrders']>) {
  for (const o of orders) e.book(o.agentId, { ...o, price: price(o.symbol), feeUsd: 0, ts: 1 });
}

/** An agent that puts all its cash into one symbol. */
function investAll(e: PortfolioEngine, agentId: string, symbol: string) {
  const cash = e.ledger(agentId)?.cashUsd ?? 0;
  e.book(agentId, {
    symbol,
    side: 'buy',
    quantity: cash / prices[symbol],
    price: prices[symbol],
    feeUsd: 0,
    ts: 0,
  });
}

describe('capital moves', () => {
  afterEach(() => {
    prices.ETHUSDT = 2_000;
    prices.BTCUSDT = 50_000;
  });

  it('takes capital from a fully invested agent above target by selling its positions pro rata', () => {
    const e = engine();
    investAll(e, 'deepseek-v3', 'ETHUSDT');
    prices.ETHUSDT = 3_000; // its share of equity rises far above its target, with no cash
    expect(e.ledger('deepseek-v3')?.cashUsd).toBeCloseTo(0, 6);
    expect(e.needsRebalance(price)).toBe(true);
    expect(e.rebalance(price, 'drift')?.transfers ?? []).not.toContainEqual(
      expect.objectContaining({ agentId: 'deepseek-v3' }),
    );
    const orders = e.reductionOrders(price, 2);
    expect(orders).toEqual([
      expect.objectContaining({ agentId: 'deepseek-v3', symbol: 'ETHUSDT', side: 'sell' }),
    ]);
    fillAll(e, orders);
    const after = e.rebalance(price, 'drift: positions reduced', false);
    const taken = after?.transfers.find((t) => t.agentId === 'deepseek-v3')?.amountUsd ?? 0;
    expect(taken).toBeLessThan(-1_000);
    expect(e.needsRebalance(price)).toBe(false);
    expect(e.reconcile().cashUsd).toBeCloseTo(0, 6);
  });

  it('sells nothing when reducing positions is turned off', () => {
    const e = engine({ reducePositions: false });
    investAll(e, 'deepseek-v3', 'ETHUSDT');
    prices.ETHUSDT = 3_000;
    expect(e.reductionOrders(price, 2)).toEqual([]);
  });

  it('moves targets by performance, and keeps the role weights when static', () => {
    for (const mode of ['performance', 'static'] as const) {
      const e = engine({ allocationMode: mode });
      const opening = e.allocation('freqtrade-hft')?.targetPct ?? 0;
      investAll(e, 'freqtrade-hft', 'BTCUSDT');
      for (let i = 0; i < 20; i++) {
        prices.BTCUSDT *= i % 2 === 0 ? 0.97 : 0.995; // a steady loser
        e.samplePerformance(price);
      }
      const rebalance = e.rebalance(price, 'scheduled');
      const target = e.allocation('freqtrade-hft')?.targetPct ?? 0;
      if (mode === 'static') expect(target).toBeCloseTo(opening, 9);
      else {
        expect(target).toBeLessThan(opening);
        const i = rebalance?.allocations.findIndex((a) => a.agentId === 'freqtrade-hft') ?? -1;
        expect(rebalance?.fromPct[i]).toBeCloseTo(opening, 9);
      }
      prices.BTCUSDT = 50_000;
    }
  });

  it('ranks an agent whose breaker tripped last, even when it sold out and earns nothing', () => {
    const e = engine();
    const opening = e.allocation('hummingbot-mm')?.targetPct ?? 0;
    e.breaker('hummingbot-mm')?.trip('drill', 0);
    e.rebalance(price, 'scheduled');
    expect(e.allocation('hummingbot-mm')?.targetPct).toBeLessThan(opening - 1);
  });

  it('keeps the reserve at its share of equity, up and down', () => {
    const e = engine();
    investAll(e, 'deepseek-v3', 'ETHUSDT');
    investAll(e, 'freqtrade-hft', 'ETHUSDT');
    for (const move of [2, 0.4]) {
      prices.ETHUSDT *= move;
      e.rebalance(price, 'scheduled');
      fillAll(e, e.reductionOrders(price, 1));
      e.rebalance(price, 'scheduled: positions reduced', false);
      const share = (e.reserveUsd / e.equityUsd(price)) * 100;
      expect(share).toBeGreaterThan(9);
      expect(share).toBeLessThan(11.5);
    }
  });
});
