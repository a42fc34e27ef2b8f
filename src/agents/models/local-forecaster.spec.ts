import { loadCandles } from '../market/candle-history.fixture.js';
import { LocalForecaster } from './local-forecaster.js';

describe('LocalForecaster', () => {
  const forecaster = new LocalForecaster();

  it('puts the median above the last price of a steadily growing series', async () => {
    const closes = Array.from(
      { length: 100 },
      (_, i) => 100 * 1.001 ** i + (i % 2 === 0 ? 0.05 : -0.05),
    );
    const { quantiles } = await forecaster.forecast(closes, 12);
    expect(quantiles.p50).toBeGreaterThan(closes[closes.length - 1]);
    expect(quantiles.p10).toBeLessThan(quantiles.p50);
    expect(quantiles.p90).toBeGreaterThan(quantiles.p50);
  });

  it('collapses the quantiles on a series with no volatility', async () => {
    const { quantiles } = await forecaster.forecast(Array<number>(50).fill(42), 12);
    expect(quantiles.p10).toBeCloseTo(42, 9);
    expect(quantiles.p50).toBeCloseTo(42, 9);
    expect(quantiles.p90).toBeCloseTo(42, 9);
  });

  it('widens with the horizon as √h on real BTC bars', async () => {
    const closes = loadCandles('BTCUSDT')
      .slice(0, 96)
      .map((c) => c.close);
    const near = await forecaster.forecast(closes, 1);
    const far = await forecaster.forecast(closes, 16);
    const logWidth = (q: { p10: number; p90: number }) => Math.log(q.p90 / q.p10);
    expect(near.quantiles.p10).toBeLessThan(near.quantiles.p50);
    expect(near.quantiles.p50).toBeLessThan(near.quantiles.p90);
    expect(logWidth(far.quantiles) / logWidth(near.quantiles)).toBeCloseTo(4, 6);
    expect(far.horizonBars).toBe(16);
  });

  it('refuses an empty series', async () => {
    await expect(forecaster.forecast([], 12)).rejects.toThrow(RangeError);
  });
});
