import { testEngineSettings } from './engine.fixture.js';
import { clientOrderId } from './engine-contract.js';
import { PortfolioEngine } from './portfolio-engine.js';

const prices: Record<string, number> = { BTCUSDT: 50_000, ETHUSDT: 2_000, ADAUSDT: 1.5 };
const price = (s: string) => prices[s];

describe('PortfolioEngine', () => {
  const engine = () => {
    const settings = testEngineSettings();
    return new PortfolioEngine(settings, PortfolioEngine.opening(settings, 100_000));
  };

  it('opens with the role split, the reserve in cash, and ledgers that sum to the account', () => {
    const e = engine();
    expect(e.reserveUsd).toBeCloseTo(10_000, 6);
    expect(e.equityUsd(price)).toBeCloseTo(100_000, 6);
    expect(e.reconcile().cashUsd).toBeCloseTo(0, 9);
  });

  it('derives the client order id from the signal, so a replay repeats it and a retry never doubles', () => {
    const e = engine();
    const signal = {
      id: 'sig-1',
      agentId: 'deepseek-v3',
      symbol: 'BTCUSDT',
      side: 'buy' as const,
      confidence: 1,
    };
    const proposal = e.propose(signal, price, 0);
    expect(proposal).toMatchObject({
      kind: 'order',
      order: { clientOrderId: clientOrderId('deepseek-v3', 'sig-1') },
    });
    expect(clientOrderId('deepseek-v3', 'sig-1')).toMatch(/^o-[0-9a-f]{32}$/);
    expect(clientOrderId('deepseek-v3', 'sig-2')).not.toBe(clientOrderId('deepseek-v3', 'sig-1'));
  });

  it('ignores agents that do not trade, and refuses new risk while halted', () => {
    const e = engine();
    expect(
      e.propose(
        { id: 's', agentId: 'qwen', symbol: 'BTCUSDT', side: 'buy', confidence: 1 },
        price,
        0,
      ),
    ).toEqual({
      kind: 'ignored',
    });
    e.halt('drill', 1);
    expect(
      e.propose(
        { id: 's', agentId: 'fingpt', symbol: 'ADAUSDT', side: 'buy', confidence: 1 },
        price,
        2,
      ),
    ).toEqual({
      kind: 'refused',
      reason: 'trading is halted by a breaker: only orders that cut exposure pass',
    });
    e.reset('portfolio');
    expect(
      e.propose(
        { id: 's', agentId: 'fingpt', symbol: 'ADAUSDT', side: 'buy', confidence: 1 },
        price,
        3,
      ).kind,
    ).toBe('order');
  });

  it('detects two agents trading one symbol against each other', () => {
    const e = engine();
    e.book('deepseek-v3', {
      symbol: 'ETHUSDT',
      side: 'buy',
      quantity: 1,
      price: 2_000,
      feeUsd: 1.5,
      ts: 0,
    });
    e.book('freqtrade-hft', {
      symbol: 'ETHUSDT',
      side: 'buy',
      quantity: 1,
      price: 2_000,
      feeUsd: 1.5,
      ts: 1,
    });
    const crossings = e.book('deepseek-v3', {
      symbol: 'ETHUSDT',
      side: 'sell',
      quantity: 0.5,
      price: 1_990,
      feeUsd: 0.7,
      ts: 2,
    });
    expect(crossings).toEqual([
      {
        symbol: 'ETHUSDT',
        buyer: 'freqtrade-hft',
        seller: 'deepseek-v3',
        quantity: 0.5,
        spreadUsd: 5,
        ts: 2,
      },
    ]);
  });

  it('moves cash back toward the targets when an agent drifts, keeping the account whole', () => {
    const e = engine();
    // fingpt doubles its ADA: its share drifts far above its target.
    const quantity = 5_000 / 1.5;
    e.book('fingpt', { symbol: 'ADAUSDT', side: 'buy', quantity, price: 1.5, feeUsd: 0, ts: 0 });
    e.book('fingpt', { symbol: 'ADAUSDT', side: 'sell', quantity, price: 4.5, feeUsd: 0, ts: 1 });
    expect(e.needsRebalance(price)).toBe(true);
    const before = e.equityUsd(price);
    const rebalance = e.rebalance(price, 'drift');
    expect(rebalance?.transfers.find((t) => t.agentId === 'fingpt')?.amountUsd).toBeLessThan(0);
    expect(e.equityUsd(price)).toBeCloseTo(before, 6);
    expect(e.reconcile().cashUsd).toBeCloseTo(0, 6);
    expect(e.needsRebalance(price)).toBe(false);
  });
});
