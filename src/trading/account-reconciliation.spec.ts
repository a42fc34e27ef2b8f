import { describeDifference, reconcile } from './account-reconciliation.js';

describe('reconcile', () => {
  it('matches when net positions agree within tolerance and the same orders are open', () => {
    const result = reconcile(
      {
        positions: [
          { symbol: 'BTCUSDT', quantity: 0.0104 },
          { symbol: 'BTCUSDT', quantity: -0.0004 },
          { symbol: 'ETHUSDT', quantity: 0 },
        ],
        openOrders: [{ clientOrderId: 'a-1', symbol: 'BTCUSDT' }],
      },
      {
        positions: [{ symbol: 'BTCUSDT', quantity: 0.01 }],
        openOrders: [{ clientOrderId: 'a-1', symbol: 'BTCUSDT' }],
      },
      () => 0.0005,
    );
    expect(result).toEqual({ matches: true, differences: [] });
  });

  it('lists every difference: positions, unknown open orders, missing open orders', () => {
    const result = reconcile(
      {
        positions: [{ symbol: 'BTCUSDT', quantity: 0.01 }],
        openOrders: [{ clientOrderId: 'mine', symbol: 'ETHUSDT' }],
      },
      {
        positions: [
          { symbol: 'BTCUSDT', quantity: 0.02 },
          { symbol: 'SOLUSDT', quantity: -3 },
        ],
        openOrders: [{ clientOrderId: 'manual-7', symbol: 'BTCUSDT' }],
      },
    );
    expect(result.matches).toBe(false);
    expect(result.differences.map(describeDifference)).toEqual([
      'BTCUSDT: ledgers hold 0.01, the exchange holds 0.02',
      'SOLUSDT: ledgers hold 0, the exchange holds -3',
      'BTCUSDT: open order manual-7 on the exchange is not in the ledgers',
      'ETHUSDT: order mine the ledgers expect open is not on the exchange',
    ]);
  });
});
