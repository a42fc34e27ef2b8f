import { loadCandles } from './candle-history.fixture.js';
import { describeReading, HIGH_VOLATILITY, readMarket } from './market-reading.js';

describe('readMarket', () => {
  it('reads an up-trend with its EMA gap and momentum', () => {
    const closes = Array.from({ length: 120 }, (_, i) => 100 * 1.002 ** i);
    const reading = readMarket(closes);
    expect(reading.trend).toBe('up');
    expect(reading.trendGap).toBeGreaterThan(0);
    expect(reading.momentum).toBeCloseTo(1.002 ** 12 - 1, 6);
    expect(reading.regime).toBe('calm');
    expect(describeReading(reading)).toMatch(/^EMA12 above EMA48 by \d+\.\d\d%, momentum\(12\) \+/);
  });

  it('sees the 19 May 2021 BTC crash as a high-volatility down-trend', () => {
    const btc = loadCandles('BTCUSDT');
    expect(btc).toHaveLength(8928);
    const crashBar = btc.findIndex((c) => c.low === 30_000);
    const reading = readMarket(btc.slice(crashBar - 95, crashBar + 1).map((c) => c.close));
    expect(reading.trend).toBe('down');
    expect(reading.volatility).toBeGreaterThan(HIGH_VOLATILITY);
    expect(reading.regime).toBe('high');
  });
});
