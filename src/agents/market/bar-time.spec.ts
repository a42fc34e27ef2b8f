import {
  barsIn,
  HOUR_MS,
  MINUTE_MS,
  pandasFrequency,
  spanLabel,
  volatilityPerBar,
} from './bar-time.js';
import { describeReading, readMarket } from './market-reading.js';

describe('lookbacks in market time', () => {
  it('turn an hour into 60 one-minute bars, 12 five-minute bars and one hourly bar', () => {
    expect(barsIn(HOUR_MS, MINUTE_MS)).toBe(60);
    expect(barsIn(HOUR_MS, 5 * MINUTE_MS)).toBe(12);
    expect(barsIn(HOUR_MS, HOUR_MS)).toBe(1);
    expect(barsIn(HOUR_MS, 24 * HOUR_MS, 2)).toBe(2);
  });

  it('scale per-bar volatility with the square root of the bar length', () => {
    expect(volatilityPerBar(0.008, 5 * MINUTE_MS)).toBe(0.008);
    expect(volatilityPerBar(0.008, 20 * MINUTE_MS)).toBeCloseTo(0.016, 12);
  });

  it('name the bar length for people and for Lag-Llama', () => {
    expect([spanLabel(15 * MINUTE_MS), spanLabel(HOUR_MS), spanLabel(24 * HOUR_MS)]).toEqual([
      '15m',
      '1h',
      '1d',
    ]);
    expect([
      pandasFrequency(5 * MINUTE_MS),
      pandasFrequency(4 * HOUR_MS),
      pandasFrequency(24 * HOUR_MS),
    ]).toEqual(['5min', '4h', '1D']);
  });

  it('read the same hours of a trend on 1-minute and on hourly bars', () => {
    const oneMinute = Array.from({ length: 600 }, (_, i) => 100 * 1.0001 ** i);
    const hourly = Array.from({ length: 20 }, (_, i) => 100 * 1.006 ** i);
    const fine = readMarket(oneMinute, MINUTE_MS);
    const coarse = readMarket(hourly, HOUR_MS);
    expect(describeReading(fine)).toMatch(/^EMA60 above EMA240 by .*momentum\(60\)/);
    expect(describeReading(coarse)).toMatch(/^EMA2 above EMA4 by .*momentum\(1\)/);
    // Swings of 1.2 % a bar are high volatility on 5-minute bars and ordinary on hourly ones.
    const swinging = Array.from({ length: 60 }, (_, i) => 100 * (i % 2 ? 1.012 : 1));
    expect(readMarket(swinging, 5 * MINUTE_MS).regime).toBe('high');
    expect(readMarket(swinging, HOUR_MS).regime).toBe('normal');
    expect(fine.trend).toBe('up');
    expect(coarse.trend).toBe('up');
  });
});
