import { OpenOrders, openOrder, orderRequest } from './open-orders.js';
import type { OrderIntent } from './engine-contract.js';

const intent = (over: Partial<OrderIntent>): OrderIntent => ({
  clientOrderId: 'o-1',
  agentId: 'hummingbot-mm',
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity: 0.5,
  ...over,
});

describe('OpenOrders', () => {
  it('commits a buy’s cash (with the cost buffer) and a sell’s coins until the order goes', () => {
    const open = new OpenOrders();
    open.add(openOrder(intent({}), 40_000, 10)); // market buy at the mark
    open.add(openOrder(intent({ clientOrderId: 'o-2', limitPrice: 39_000 }), 40_000, 10));
    open.add(openOrder(intent({ clientOrderId: 'o-3', side: 'sell', quantity: 0.2 }), 40_000, 10));
    open.add(openOrder(intent({ clientOrderId: 'o-4', agentId: 'fingpt' }), 40_000, 10));
    expect(open.committed('hummingbot-mm', 'BTCUSDT')).toEqual({
      cashUsd: (0.5 * 40_000 + 0.5 * 39_000) * 1.001,
      quantity: 0.2,
    });
    expect(open.committed('hummingbot-mm', 'ETHUSDT').quantity).toBe(0);
    expect(open.quote('hummingbot-mm', 'BTCUSDT', 'buy')?.clientOrderId).toBe('o-2');
    expect(open.quote('hummingbot-mm', 'BTCUSDT', 'sell')).toBeUndefined(); // a market sell is no quote
    expect(open.remove('o-2')).toBe(true);
    expect(open.remove('o-2')).toBe(false);
    expect(open.committedCashUsd('hummingbot-mm')).toBeCloseTo(0.5 * 40_000 * 1.001, 9);
  });

  it('asks the broker for a limit order only when the intent carries a limit price', () => {
    expect(orderRequest(intent({}))).toEqual({
      clientOrderId: 'o-1',
      symbol: 'BTCUSDT',
      side: 'buy',
      quantity: 0.5,
    });
    expect(orderRequest(intent({ limitPrice: 39_000 }))).toMatchObject({
      type: 'limit',
      limitPrice: 39_000,
    });
  });
});
