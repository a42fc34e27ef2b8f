import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADLINES_FILE } from '../agents/agent-runtime.service.js';
import { SYMBOLS } from '../config/roster.js';
import { gaussian, seededRandom } from '../trading/seeded-random.js';

/** Market regimes the allocation comparison runs on besides the bundled month. */
export const REGIMES = ['trend', 'chop', 'crash'] as const;
export type Regime = (typeof REGIMES)[number];

const BAR_MS = 5 * 60_000;
const BARS_PER_DAY = 288;
const START_PRICES: Record<string, number> = {
  BTCUSDT: 40_000,
  ETHUSDT: 2_500,
  SOLUSDT: 100,
  XRPUSDT: 0.6,
  ADAUSDT: 0.5,
};

export interface RegimeOptions {
  readonly days: number;
  readonly seed: number;
  /** Market time of the first bar's open. */
  readonly startMs: number;
}

export const DEFAULT_REGIME_OPTIONS: RegimeOptions = {
  days: 14,
  seed: 7,
  startMs: Date.UTC(2024, 0, 1),
};

/**
 * Log-return drift and volatility per bar of each regime, at bar `i` of `n`: a steady climb of about
 * 35 % with ordinary noise (`trend`), a choppy market that swings a few percent around where it
 * started (`chop`), and a calm
 * week that breaks into a two-day fall of about 45 % with a partial bounce (`crash`).
 */
function barShape(regime: Regime, i: number, n: number): { drift: number; vol: number } {
  switch (regime) {
    case 'trend':
      return { drift: 0.3 / n, vol: 0.0025 };
    case 'chop':
      // Swings of a few percent over half a day, back and forth: no trend to ride.
      return { drift: 0.0006 * Math.sin((2 * Math.PI * i) / (BARS_PER_DAY / 2)), vol: 0.003 };
    case 'crash': {
      const fall = Math.floor(n / 2);
      if (i >= fall && i < fall + 2 * BARS_PER_DAY)
        return { drift: Math.log(0.55) / (2 * BARS_PER_DAY), vol: 0.006 };
      if (i >= fall + 2 * BARS_PER_DAY && i < fall + 3 * BARS_PER_DAY)
        return { drift: Math.log(1.15) / BARS_PER_DAY, vol: 0.005 };
      return { drift: 0, vol: 0.002 };
    }
    default:
      throw new Error(`unknown regime: ${String(regime satisfies never)}`);
  }
}

/**
 * Writes five-minute candles of a regime for the five symbols into `dir`, in the bundled layout
 * (`BTC_USDT-5m.csv`, header `timestamp,open,high,low,close,volume`), plus the bundled headlines, so
 * `MARKET_DATA_DIR=dir` replays it. Symbols share a market factor (correlation ≈ 0.7) and differ in beta.
 */
export function writeRegimeCandles(
  regime: Regime,
  dir: string,
  headlinesDir: string,
  options: RegimeOptions = DEFAULT_REGIME_OPTIONS,
): void {
  mkdirSync(dir, { recursive: true });
  const next = seededRandom(options.seed * 31 + REGIMES.indexOf(regime));
  const n = options.days * BARS_PER_DAY;
  const factors = Array.from({ length: n }, () => gaussian(next));
  SYMBOLS.forEach((symbol, k) => {
    const beta = 0.8 + 0.15 * k;
    let close = START_PRICES[symbol];
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < n; i++) {
      const { drift, vol } = barShape(regime, i, n);
      const shock = vol * beta * (0.84 * factors[i] + 0.55 * gaussian(next));
      const open = close;
      close = open * Math.exp(drift * beta + shock);
      const high = Math.max(open, close) * (1 + Math.abs(gaussian(next)) * vol * 0.5);
      const low = Math.min(open, close) * (1 - Math.abs(gaussian(next)) * vol * 0.5);
      const volume = 100 * (1 + next()) * (1 + Math.abs(shock) / vol);
      const ts = new Date(options.startMs + i * BAR_MS).toISOString().replace('.000Z', 'Z');
      lines.push([ts, open, high, low, close, volume].map(String).join(','));
    }
    writeFileSync(join(dir, `${symbol.replace('USDT', '')}_USDT-5m.csv`), `${lines.join('\n')}\n`);
  });
  copyFileSync(join(headlinesDir, HEADLINES_FILE), join(dir, HEADLINES_FILE));
}
