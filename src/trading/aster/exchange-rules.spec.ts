import fc from 'fast-check';
import {
  conformLimitOrder,
  conformMarketOrder,
  parseSymbolRules,
  roundToStep,
  type RawSymbol,
} from './exchange-rules.js';

const BTC: RawSymbol = {
  symbol: 'BTCUSDT',
  status: 'TRADING',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
    { filterType: 'LOT_SIZE', stepSize: '0.001', maxQty: '1000', minQty: '0.001' },
    { filterType: 'MARKET_LOT_SIZE', stepSize: '0.001', maxQty: '120', minQty: '0.001' },
    { filterType: 'MIN_NOTIONAL', notional: '5' },
  ],
};
const rules = parseSymbolRules(BTC);

describe('exchange rules', () => {
  it('rounds to the step and writes the step decimals exactly', () => {
    expect(roundToStep(0.30000000000000004, '0.1', 'down')).toBe('0.3');
    expect(roundToStep(0.3, '0.1', 'down')).toBe('0.3');
    expect(roundToStep(1.23456, '0.001', 'down')).toBe('1.234');
    expect(roundToStep(1.23456, '0.001', 'up')).toBe('1.235');
    expect(roundToStep(30123.456, '0.10', 'nearest')).toBe('30123.50');
    expect(roundToStep(17, '5', 'down')).toBe('15');
    expect(roundToStep(0.0000123, '0.0000001', 'down')).toBe('0.0000123');
  });

  it('never rounds a quantity up, and lands on a whole number of steps', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1000, noNaN: true }), (quantity) => {
        const rounded = Number(roundToStep(quantity, '0.001', 'down'));
        // Within binary noise of a step boundary the value counts as on it.
        expect(rounded).toBeLessThanOrEqual(quantity * (1 + 1e-13));
        expect(quantity - rounded).toBeLessThan(0.001 + 1e-9);
        expect(Math.abs(rounded * 1000 - Math.round(rounded * 1000))).toBeLessThan(1e-6);
      }),
    );
  });

  it('conforms a market order to MARKET_LOT_SIZE and checks MIN_NOTIONAL at the mark price', () => {
    expect(conformMarketOrder(rules, 0.0123456, 30_000)).toEqual({ ok: true, quantity: '0.012' });
    expect(conformMarketOrder(rules, 0.0004, 30_000)).toMatchObject({ ok: false });
    const small = conformMarketOrder(rules, 0.001, 4_000);
    expect(small).toEqual({
      ok: false,
      reason: 'notional 4.0000 of BTCUSDT is under the minimum 5',
    });
    expect(conformMarketOrder(rules, 500, 30_000)).toMatchObject({ ok: false });
  });

  it('rounds limit prices to the tick in the side’s favour and checks the price band', () => {
    expect(conformLimitOrder(rules, 'buy', 0.01, 30_000.07)).toEqual({
      ok: true,
      quantity: '0.010',
      price: '30000.00',
    });
    expect(conformLimitOrder(rules, 'sell', 0.01, 30_000.01)).toEqual({
      ok: true,
      quantity: '0.010',
      price: '30000.10',
    });
    expect(conformLimitOrder(rules, 'buy', 0.01, 100)).toMatchObject({ ok: false });
  });
});
