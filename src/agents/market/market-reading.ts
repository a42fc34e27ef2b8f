import { ema, momentum, realisedVolatility } from './indicators.js';
import { percent, signedPercent } from './number-format.js';

export const FAST_EMA_BARS = 12;
export const SLOW_EMA_BARS = 48;
export const MOMENTUM_BARS = 12;
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

export function readMarket(closes: readonly number[]): MarketReading {
  const window = closes.slice(-SLOW_EMA_BARS * 2);
  const fastEma = ema(window, FAST_EMA_BARS);
  const slowEma = ema(window, SLOW_EMA_BARS);
  const trendGap = window.length > 0 ? fastEma / slowEma - 1 : 0;
  const volatility = realisedVolatility(closes.slice(-SLOW_EMA_BARS - 1));
  return {
    bars: closes.length,
    last: closes.at(-1) ?? Number.NaN,
    fastEma,
    slowEma,
    trendGap,
    trend: Math.abs(trendGap) < TREND_BAND ? 'none' : trendGap > 0 ? 'up' : 'down',
    momentum: momentum(closes, MOMENTUM_BARS),
    volatility,
    regime:
      volatility >= HIGH_VOLATILITY ? 'high' : volatility <= CALM_VOLATILITY ? 'calm' : 'normal',
  };
}

/** The reading as one line of evidence, e.g. "EMA12 above EMA48 by 0.80%, momentum(12) +1.10%, vol 0.40%/bar (normal)". */
export function describeReading(reading: MarketReading): string {
  const relation = reading.trendGap >= 0 ? 'above' : 'below';
  return (
    `EMA${FAST_EMA_BARS} ${relation} EMA${SLOW_EMA_BARS} by ${percent(Math.abs(reading.trendGap))}, ` +
    `momentum(${MOMENTUM_BARS}) ${signedPercent(reading.momentum)}, ` +
    `vol ${percent(reading.volatility)}/bar (${reading.regime})`
  );
}
