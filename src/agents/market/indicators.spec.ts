import { loadCandles } from './candle-history.fixture.js';
import {
  closesVolatility,
  ema,
  emaOfCloses,
  logReturns,
  momentum,
  realisedVolatility,
} from './indicators.js';

describe('indicators', () => {
  it('ema of a constant series is the constant, and follows a step with lag', () => {
    expect(ema([5, 5, 5, 5], 3)).toBe(5);
    const stepped = [...Array<number>(10).fill(100), ...Array<number>(3).fill(110)];
    const fast = ema(stepped, 3);
    const slow = ema(stepped, 12);
    expect(fast).toBeGreaterThan(slow);
    expect(fast).toBeLessThan(110);
    expect(slow).toBeGreaterThan(100);
  });

  it('ema rejects a period below one and is NaN on no data', () => {
    expect(() => ema([1, 2], 0)).toThrow(RangeError);
    expect(ema([], 5)).toBeNaN();
  });

  it('logReturns are one fewer than prices and sum to the total log change', () => {
    const returns = logReturns([100, 110, 99, 120]);
    expect(returns).toHaveLength(3);
    expect(returns.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.log(120 / 100), 12);
  });

  it('realised volatility is zero for steady growth and positive for a choppy series', () => {
    const growth = Array.from({ length: 30 }, (_, i) => 100 * 1.01 ** i);
    expect(realisedVolatility(growth)).toBeCloseTo(0, 12);
    expect(realisedVolatility([100, 102, 99, 103, 98])).toBeGreaterThan(0.02);
    expect(realisedVolatility([100])).toBe(0);
  });

  it('momentum is the relative change over the lookback, clamped to the history there is', () => {
    expect(momentum([100, 105, 110], 2)).toBeCloseTo(0.1, 12);
    expect(momentum([100, 105, 110], 1)).toBeCloseTo(110 / 105 - 1, 12);
    expect(momentum([100, 90], 50)).toBeCloseTo(-0.1, 12);
    expect(momentum([100], 5)).toBe(0);
  });

  it('read from candles without copying their closes, give the same numbers to the bit', () => {
    const bars = loadCandles('SOLUSDT');
    for (const [from, length] of [
      [0, 240],
      [1_000, 48],
      [5_000, 3],
      [7, 2],
      [9, 1],
      [0, 0],
    ]) {
      const window = bars.slice(from, from + length);
      const closes = window.map((bar) => bar.close);
      expect(closesVolatility(window)).toBe(realisedVolatility(closes));
      for (const period of [5, 20, 100]) {
        if (length === 0) expect(emaOfCloses(window, period)).toBeNaN();
        else expect(emaOfCloses(window, period)).toBe(ema(closes, period));
      }
    }
    expect(closesVolatility(bars.slice(0, 240))).toBeGreaterThan(0);
  });
});
