import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANDLE_INTERVALS, intervalMs } from '../../src/trading/candle-interval.js';
import { seededRandom } from '../../src/trading/seeded-random.js';
import { MARKET_DATA_DIR } from './test-config.js';

export interface GeneratedMarket {
  readonly bars: number;
  readonly intervalMs: number;
  /** Base assets, e.g. BTC: files are `<BASE>_USDT-<interval>.csv` (`BTC_USDT-1m.csv`). */
  readonly bases?: readonly string[];
  readonly seed?: number;
  readonly startIso?: string;
  /** Where the bundled headlines are (the built bench runs from `dist/`). */
  readonly headlinesDir?: string;
}

const BASES = ['BTC', 'ETH', 'SOL', 'XRP', 'ADA'];
const START_PRICES: Readonly<Record<string, number>> = {
  BTC: 40_000,
  ETH: 2_500,
  SOL: 90,
  XRP: 0.6,
  ADA: 0.45,
};

/**
 * Writes random-walk candles (with regimes of trend and volatility, so the agents trade) in the
 * documented file format, plus the bundled headlines the sentiment agent reads.
 */
export function writeGeneratedMarket(dir: string, market: GeneratedMarket): string {
  mkdirSync(dir, { recursive: true });
  const start = Date.parse(market.startIso ?? '2024-01-01T00:00:00Z');
  const bases = market.bases ?? BASES;
  const interval = CANDLE_INTERVALS.find((i) => intervalMs(i) === market.intervalMs);
  if (!interval) throw new RangeError(`no candle interval of ${market.intervalMs} ms`);
  bases.forEach((base, b) => {
    const next = seededRandom((market.seed ?? 7) * 131 + b);
    let price = START_PRICES[base] ?? 100;
    const lines = ['timestamp,open,high,low,close,volume'];
    let drift = 0;
    for (let i = 0; i < market.bars; i++) {
      if (i % 120 === 0) drift = (next() - 0.5) * 0.0004;
      const open = price;
      const move = drift + (next() - 0.5) * 0.006;
      const close = open * (1 + move);
      const high = Math.max(open, close) * (1 + next() * 0.002);
      const low = Math.min(open, close) * (1 - next() * 0.002);
      const ts = new Date(start + i * market.intervalMs).toISOString().replace('.000Z', 'Z');
      lines.push(
        [ts, open, high, low, close, 100 + next() * 900]
          .map((v) => (typeof v === 'number' ? Number(v.toPrecision(8)) : v))
          .join(','),
      );
      price = Number(close.toPrecision(8));
    }
    writeFileSync(join(dir, `${base}_USDT-${interval}.csv`), `${lines.join('\n')}\n`);
  });
  copyFileSync(
    join(market.headlinesDir ?? MARKET_DATA_DIR, 'news_headlines_labeled_2022-05.csv'),
    join(dir, 'news_headlines_labeled_2022-05.csv'),
  );
  return dir;
}
