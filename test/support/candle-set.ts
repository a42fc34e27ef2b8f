import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADLINES_FILE } from '../../src/agents/agent-runtime.service.js';
import { intervalMs, type CandleInterval } from '../../src/trading/candle-interval.js';
import { randomWalkBar, seededRandom } from '../../src/trading/seeded-random.js';

export interface CandleSetOptions {
  /** `BTCUSDT`, `ETHUSDT`…: each becomes `<BASE>_USDT-<interval>.csv`. */
  readonly symbols: readonly string[];
  readonly interval: CandleInterval;
  /** Bars per file (before gaps are cut out). */
  readonly bars: number;
  /** Open time of the first bar: ISO-8601 or epoch ms, on the interval's grid. */
  readonly start: string | number;
  readonly seed: number;
  /** Bars left out of a symbol's file: `count` bars from bar `at` on. */
  readonly gaps?: readonly {
    readonly symbol: string;
    readonly at: number;
    readonly count: number;
  }[];
  /** Volatility per bar (log-return standard deviation); 0.003 by default. */
  readonly volatility?: number;
  /**
   * Trends that change: every `everyBars` bars each symbol draws a new drift per bar, uniform within
   * ±`maxDriftPerBar` (log return), so momentum has something to ride. None by default.
   */
  readonly trend?: { readonly everyBars: number; readonly maxDriftPerBar: number };
  /** A folder whose bundled headlines file is copied into the set, for the sentiment agent. */
  readonly headlinesFrom?: string;
}

export interface CandleSet {
  readonly dir: string;
  readonly files: Readonly<Record<string, string>>;
  readonly barMs: number;
  readonly startMs: number;
}

const START_PRICES: Readonly<Record<string, number>> = {
  BTCUSDT: 57_000,
  ETHUSDT: 2_900,
  SOLUSDT: 45,
  XRPUSDT: 1.5,
  ADAUSDT: 1.4,
};

/**
 * Writes a seeded random-walk candle set in the documented format (header
 * `timestamp,open,high,low,close,volume`, ISO-8601 UTC timestamps), one file per symbol: the same
 * options write the same bytes.
 */
export function writeCandleSet(dir: string, options: CandleSetOptions): CandleSet {
  mkdirSync(dir, { recursive: true });
  const barMs = intervalMs(options.interval);
  const startMs = typeof options.start === 'number' ? options.start : Date.parse(options.start);
  const random = seededRandom(options.seed);
  const volatility = options.volatility ?? 0.003;
  const files: Record<string, string> = {};
  for (const symbol of options.symbols) {
    const left = new Set<number>();
    for (const gap of options.gaps ?? [])
      if (gap.symbol === symbol) for (let k = 0; k < gap.count; k++) left.add(gap.at + k);
    let price = START_PRICES[symbol] ?? 10 + random() * 100;
    const rows = ['timestamp,open,high,low,close,volume'];
    let drift = 0;
    for (let i = 0; i < options.bars; i++) {
      if (options.trend && i % options.trend.everyBars === 0)
        drift = (random() * 2 - 1) * options.trend.maxDriftPerBar;
      const bar = randomWalkBar(price, volatility, random, drift);
      price = bar.close;
      if (left.has(i)) continue;
      const at = new Date(startMs + i * barMs).toISOString().replace('.000Z', 'Z');
      const prices = [bar.open, bar.high, bar.low, bar.close].map(fixed).join(',');
      rows.push(`${at},${prices},${bar.volume.toFixed(3)}`);
    }
    const file = `${symbol.replace(/USDT$/, '')}_USDT-${options.interval}.csv`;
    writeFileSync(join(dir, file), `${rows.join('\n')}\n`);
    files[symbol] = file;
  }
  if (options.headlinesFrom !== undefined)
    copyFileSync(join(options.headlinesFrom, HEADLINES_FILE), join(dir, HEADLINES_FILE));
  return { dir, files, barMs, startMs };
}

/** Eight significant digits, rounded so that high ≥ max(open, close) and low ≤ min still hold. */
function fixed(value: number): string {
  return value.toPrecision(8);
}
