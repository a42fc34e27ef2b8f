import { loadCandles } from './candle-history.fixture.js';
import { mostVolatile } from './volatility-ranking.js';

describe('mostVolatile', () => {
  it('picks SOL over BTC on the same real day, and nothing from nothing', () => {
    const day = (symbol: string) =>
      loadCandles(symbol)
        .slice(0, 288)
        .map((c) => c.close);
    expect(
      mostVolatile([
        ['BTCUSDT', day('BTCUSDT')],
        ['SOLUSDT', day('SOLUSDT')],
      ]),
    ).toBe('SOLUSDT');
    expect(mostVolatile([])).toBeUndefined();
  });
});
