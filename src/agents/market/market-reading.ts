import { barsIn, HOUR_MS, TUNED_BAR_MS, volatilityPerBar } from './bar-time.js';
import { ema, momentum, realisedVolatility } from './indicators.js';
import { percent, signedPercent } from './number-format.js';

/** The EMAs and momentum look back this far in market time (12 and 48 five-minute bars). */
const FAST_EMA_MS = HOUR_MS;
const SLOW_EMA_MS = 4 * HOUR_MS;
const MOMENTUM_MS = HOUR_MS;
/** Per-bar volatility bands for 5-minute crypto bars (May 2021: BTC median ≈ 0.32%, SOL ≈ 0.59%). */
export const HIGH_VOLATILITY = 0.008;
export const CALM_VOLATILITY = 0.0025;
/** An EMA gap smaller than this is noise, not a trend. */
export const TREND_BAND = 0.0015;

export type VolatilityRegime = 'calm' | 'normal' | 'high';
export type Trend = 'up' | 'down' | 'none';

/** What the rule-based agents see in a price series: trend, momentum and volatility regime. */
export interface MarketReading {
  readonly bars: number;
  /** The lookbacks in bars of the data at hand. */
  readonly fastBars: number;
  readonly slowBars: number;
  readonly momentumBars: number;
  readonly last: number;
  readonly fastEma: number;
  readonly slowEma: number;
  /** fastEma / slowEma − 1. */
  readonly trendGap: number;
  readonly trend: Trend;
  readonly momentum: number;
  readonly volatility: number;
  readonly regime: VolatilityRegime;
}

/** `closes` are bars of `barMs` (5 minutes unless said). */
export function readMarket(closes: readonly number[], barMs = TUNED_BAR_MS): MarketReading {
  const fastBars = barsIn(FAST_EMA_MS, barMs, 2);
  const slowBars = Math.max(fastBars + 1, barsIn(SLOW_EMA_MS, barMs));
  const momentumBars = barsIn(MOMENTUM_MS, barMs);
  const window = closes.slice(-slowBars * 2);
  const fastEma = ema(window, fastBars);
  const slowEma = ema(window, slowBars);
  const trendGap = window.length > 0 ? fastEma / slowEma - 1 : 0;
  const volatility = realisedVolatility(closes.slice(-slowBars - 1));
  const high = volatilityPerBar(HIGH_VOLATILITY, barMs);
  const calm = volatilityPerBar(CALM_VOLATILITY, barMs);
  return {
    bars: closes.length,
    fastBars,
    slowBars,
    momentumBars,
    last: closes.at(-1) ?? Number.NaN,
    fastEma,
    slowEma,
    trendGap,
    trend: Math.abs(trendGap) < TREND_BAND ? 'none' : trendGap > 0 ? 'up' : 'down',
    momentum: momentum(closes, momentumBars),
    volatility,
    regime: volatility >= high ? 'high' : volatility <= calm ? 'calm' : 'normal',
  };
}

/** The reading as one line of evidence, e.g. "EMA12 above EMA48 by 0.80%, momentum(12) +1.10%, vol 0.40%/bar (normal)". */
export function describeReading(reading: MarketReading): string {
  const relation = reading.trendGap >= 0 ? 'above' : 'below';
  return (
    `EMA${reading.fastBars} ${relation} EMA${reading.slowBars} by ${percent(Math.abs(reading.trendGap))}, ` +
    `momentum(${reading.momentumBars}) ${signedPercent(reading.momentum)}, ` +
    `vol ${percent(reading.volatility)}/bar (${reading.regime})`
  );
}
