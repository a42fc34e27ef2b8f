/**
 * The agents' rules were tuned on the bundled 5-minute bars. Their lookbacks are stated in market time
 * and turned into bar counts with the bar length of the data at hand, so an hour is an hour on 1-minute
 * and on 1-hour bars alike.
 */
export const TUNED_BAR_MS = 5 * 60_000;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A span of market time as a count of bars of `barMs`, never fewer than `min`. */
export function barsIn(durationMs: number, barMs: number, min = 1): number {
  return Math.max(min, Math.round(durationMs / barMs));
}

/**
 * A per-bar volatility tuned on 5-minute bars, for bars of `barMs`: a random walk's per-bar spread grows
 * with the square root of the bar length.
 */
export function volatilityPerBar(perTunedBar: number, barMs: number): number {
  return perTunedBar * Math.sqrt(barMs / TUNED_BAR_MS);
}

/** A span as people write it: `15m`, `1h`, `1d`. */
export function spanLabel(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  return `${Math.round(ms / MINUTE_MS)}m`;
}

/** The bar length as a pandas frequency (Lag-Llama is built on GluonTS): `5min`, `1h`, `1D`. */
export function pandasFrequency(barMs: number): string {
  if (barMs % DAY_MS === 0) return `${barMs / DAY_MS}D`;
  if (barMs % HOUR_MS === 0) return `${barMs / HOUR_MS}h`;
  return `${Math.round(barMs / MINUTE_MS)}min`;
}
