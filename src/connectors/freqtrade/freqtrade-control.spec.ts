import { stanceFor } from './freqtrade-control.js';
import { fillsOfTrade } from './freqtrade-fills.js';
import { pairOfSymbol, symbolOfPair } from './freqtrade-pairs.js';

describe('what the connector tells the bot', () => {
  it('trades while the breaker governing it is clear and its allocation has cash left', () => {
    expect(stanceFor('ok', 500).stance).toBe('trading');
  });

  it('stops entries while the breaker (the stricter of the portfolio and its own) is tripped', () => {
    expect(stanceFor('halted', 500)).toEqual({ stance: 'no-entries', reason: 'breaker halted' });
    expect(stanceFor('reduce-only', 500).stance).toBe('no-entries');
  });

  it('goes flat when the trip flattened its scope (BREAKER_MODE=flatten), else stops entries', () => {
    expect(stanceFor('halted', 500, true)).toEqual({ stance: 'flat', reason: 'breaker flattens' });
    expect(stanceFor('halted', 500, false).stance).toBe('no-entries');
    expect(stanceFor('ok', 500, true).stance).toBe('trading');
  });

  it('stops entries when its allocation is spent', () => {
    expect(stanceFor('ok', 9.99)).toEqual({
      stance: 'no-entries',
      reason: 'allocation spent: 9.99 USD free',
    });
  });
});

describe('Freqtrade pairs and fills', () => {
  it('maps spot and futures pairs to symbols and back', () => {
    expect(symbolOfPair('BTC/USDT')).toBe('BTCUSDT');
    expect(symbolOfPair('SOL/USDT:USDT')).toBe('SOLUSDT');
    expect(symbolOfPair('nonsense')).toBeUndefined();
    expect(pairOfSymbol('ETHUSDT', 'USDT')).toBe('ETH/USDT');
    expect(pairOfSymbol('ETHUSDT', 'USDT', true)).toBe('ETH/USDT:USDT');
    expect(pairOfSymbol('USDT', 'USDT')).toBeUndefined();
  });

  it('books filled orders at their price with the trade fee rate of their side, skipping open ones', () => {
    const order = { pair: 'BTC/USDT', status: 'closed', is_open: false };
    const fills = fillsOfTrade(
      {
        trade_id: 7,
        pair: 'BTC/USDT',
        is_open: true,
        is_short: false,
        amount: 0.02,
        stake_amount: 1_800,
        open_rate: 90_000,
        fee_open: 0.001,
        fee_close: 0.002,
        orders: [
          {
            ...order,
            order_id: 'a',
            amount: 0.02,
            filled: 0.02,
            safe_price: 90_000,
            cost: 1_800,
            ft_order_side: 'buy',
          },
          {
            ...order,
            order_id: 'b',
            amount: 0.01,
            filled: 0.01,
            safe_price: 91_000,
            cost: 910,
            ft_order_side: 'sell',
          },
          {
            ...order,
            order_id: 'c',
            is_open: true,
            status: 'open',
            amount: 0.01,
            filled: 0,
            safe_price: 92_000,
            cost: 0,
            ft_order_side: 'sell',
          },
        ],
      },
      1_000,
    );
    expect(fills).toEqual([
      {
        clientOrderId: 'ft-7-a',
        symbol: 'BTCUSDT',
        side: 'buy',
        quantity: 0.02,
        price: 90_000,
        feeUsd: 1.8,
        ts: 1_000,
      },
      {
        clientOrderId: 'ft-7-b',
        symbol: 'BTCUSDT',
        side: 'sell',
        quantity: 0.01,
        price: 91_000,
        feeUsd: 1.82,
        ts: 1_000,
      },
    ]);
  });
});
