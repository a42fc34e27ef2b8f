import { readOrderFilled } from './order-filled.js';

const fill = {
  order_id: 'buy-BTC-USDT-1',
  trading_pair: 'BTC-USDT',
  trade_type: 'TradeType.BUY',
  order_type: 'OrderType.LIMIT',
  price: 50_000,
  amount: 0.02,
  trade_fee: { fee_type: 'AddedToCost', percent: '0.001', percent_token: null, flat_fees: [] },
  exchange_trade_id: 'T1',
  exchange_order_id: 'X1',
  leverage: 1,
  position: 'NIL',
};
const prices: Record<string, number> = { BNBUSDT: 400 };
const priceOf = (symbol: string) => prices[symbol];

describe('readOrderFilled', () => {
  it('reads the bridge’s OrderFilled data: symbol, side, real price, fee in USD, a stable key', () => {
    expect(readOrderFilled(fill, 1_700_000_000, priceOf)).toEqual({
      symbol: 'BTCUSDT',
      base: 'BTC',
      side: 'buy',
      quantity: 0.02,
      price: 50_000,
      feeUsd: 1,
      key: 'buy-BTC-USDT-1:T1',
    });
  });

  it('values flat fees in the quote, the base or another token at the market', () => {
    const flat = (token: string, amount: string) => ({
      ...fill,
      trade_type: 'SELL',
      trade_fee: { ...fill.trade_fee, percent: '0', flat_fees: [{ token, amount }] },
    });
    expect(readOrderFilled(flat('USDT', '0.7'), 0, priceOf)).toMatchObject({
      side: 'sell',
      feeUsd: 0.7,
    });
    expect(readOrderFilled(flat('BTC', '0.00002'), 0, priceOf)).toMatchObject({ feeUsd: 1 });
    expect(readOrderFilled(flat('BNB', '0.01'), 0, priceOf)).toMatchObject({ feeUsd: 4 });
    expect(readOrderFilled(flat('KCS', '1'), 0, priceOf)).toEqual({
      problem: 'no price for the fee token KCS',
    });
  });

  it('keys a fill without an exchange trade id on its time and amount', () => {
    expect(
      readOrderFilled({ ...fill, exchange_trade_id: '' }, 1_700_000_000, priceOf),
    ).toMatchObject({ key: 'buy-BTC-USDT-1:1700000000:0.02' });
  });

  it('refuses what it cannot book, saying why', () => {
    expect(readOrderFilled({ ...fill, trading_pair: 'BTCUSDT' }, 0, priceOf)).toEqual({
      problem: 'trading_pair BTCUSDT is not BASE-QUOTE',
    });
    expect(readOrderFilled({ ...fill, trading_pair: 'ETH-BTC' }, 0, priceOf)).toEqual({
      problem: 'quote BTC is not a US dollar asset',
    });
    expect(readOrderFilled({ ...fill, trade_type: 'TradeType.RANGE' }, 0, priceOf)).toEqual({
      problem: 'trade_type TradeType.RANGE is neither buy nor sell',
    });
    expect(readOrderFilled({ ...fill, amount: 0 }, 0, priceOf)).toEqual({
      problem: 'price and amount must be positive numbers',
    });
  });
});
