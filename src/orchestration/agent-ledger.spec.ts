import { AgentLedger } from './agent-ledger.js';

describe('AgentLedger', () => {
  const prices = (p: Record<string, number>) => (symbol: string) => p[symbol];

  it('books a buy at average cost and charges the fee to cash', () => {
    const ledger = AgentLedger.opening('a', 10_000);
    ledger.apply({ symbol: 'BTCUSDT', side: 'buy', quantity: 0.1, price: 50_000, feeUsd: 5 });
    ledger.apply({ symbol: 'BTCUSDT', side: 'buy', quantity: 0.1, price: 40_000, feeUsd: 4 });
    expect(ledger.cashUsd).toBeCloseTo(10_000 - 9_000 - 9, 9);
    expect(ledger.snapshot().positions).toEqual([
      { symbol: 'BTCUSDT', quantity: 0.2, averagePrice: 45_000 },
    ]);
    expect(ledger.unrealizedPnlUsd(prices({ BTCUSDT: 46_000 }))).toBeCloseTo(200, 9);
    expect(ledger.equityUsd(prices({ BTCUSDT: 46_000 }))).toBeCloseTo(10_000 - 9 + 200, 9);
  });

  it('realises PnL on a sell and closes the position when all is sold', () => {
    const ledger = AgentLedger.opening('a', 1_000);
    ledger.apply({ symbol: 'ETHUSDT', side: 'buy', quantity: 1, price: 500, feeUsd: 1 });
    ledger.apply({ symbol: 'ETHUSDT', side: 'sell', quantity: 0.5, price: 600, feeUsd: 1 });
    expect(ledger.snapshot().realizedPnlUsd).toBeCloseTo(50, 9);
    ledger.apply({ symbol: 'ETHUSDT', side: 'sell', quantity: 0.5, price: 400, feeUsd: 1 });
    const state = ledger.snapshot();
    expect(state.realizedPnlUsd).toBeCloseTo(0, 9);
    expect(state.feesUsd).toBeCloseTo(3, 9);
    expect(state.positions).toEqual([]);
    expect(ledger.cashUsd).toBeCloseTo(1_000 - 3, 9);
  });

  it('refuses to sell more than it holds', () => {
    const ledger = AgentLedger.opening('a', 1_000);
    expect(() =>
      ledger.apply({ symbol: 'SOLUSDT', side: 'sell', quantity: 1, price: 40, feeUsd: 0 }),
    ).toThrow(/cannot sell/);
    expect(ledger.cashUsd).toBe(1_000);
  });

  it('round-trips through its snapshot', () => {
    const ledger = AgentLedger.opening('a', 1_000);
    ledger.apply({ symbol: 'ADAUSDT', side: 'buy', quantity: 100, price: 1.5, feeUsd: 0.1 });
    expect(new AgentLedger(ledger.snapshot()).snapshot()).toEqual(ledger.snapshot());
  });
});
