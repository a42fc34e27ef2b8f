/**
 * Pure indicators over close prices, oldest first. Short or empty inputs return neutral values
 * (0, or NaN for an EMA of nothing) rather than throwing: a driver warming up sees thin history.
 */

/** Exponential moving average of the whole series, seeded with the first value; returns the latest. */
export function ema(values: readonly number[], period: number): number {
  if (!(period >= 1)) throw new RangeError(`ema period must be ≥ 1, got ${period}`);
  if (values.length === 0) return Number.NaN;
  const alpha = 2 / (period + 1);
  let average = values[0];
  for (let i = 1; i < values.length; i++) average += alpha * (values[i] - average);
  return average;
}

/** ln(p[i] / p[i-1]) for each consecutive pair: one fewer than the input. */
export function logReturns(values: readonly number[]): number[] {
  const returns: number[] = [];
  for (let i = 1; i < values.length; i++) returns.push(Math.log(values[i] / values[i - 1]));
  return returns;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation; 0 with fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const centre = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - centre) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Per-bar volatility: the standard deviation of log returns (0.004 = 0.4% per bar). */
export function realisedVolatility(values: readonly number[]): number {
  return standardDeviation(logReturns(values));
}

/** Relative change of the last value over `lookback` bars (or over what history there is). */
export function momentum(values: readonly number[], lookback: number): number {
  if (values.length < 2) return 0;
  const from = values[Math.max(0, values.length - 1 - lookback)];
  return values[values.length - 1] / from - 1;
}

/** Anything with a close: a candle. */
interface Closing {
  readonly close: number;
}

/**
 * `ema` of the bars' closes, without an array of closes: the same sums in the same order, so the same
 * result to the bit. Agents read these on every bar of every symbol.
 */
export function emaOfCloses(bars: readonly Closing[], period: number): number {
  if (!(period >= 1)) throw new RangeError(`ema period must be ≥ 1, got ${period}`);
  if (bars.length === 0) return Number.NaN;
  const alpha = 2 / (period + 1);
  let average = bars[0].close;
  for (let i = 1; i < bars.length; i++) average += alpha * (bars[i].close - average);
  return average;
}

/** Log returns of the latest window read, reused: a window is a few hundred bars at most. */
let scratch = new Float64Array(512);

/** `realisedVolatility` of the bars' closes, allocating nothing; the same result to the bit. */
export function closesVolatility(bars: readonly Closing[]): number {
  const returns = bars.length - 1;
  if (returns < 2) return 0;
  if (scratch.length < returns) scratch = new Float64Array(returns * 2);
  let sum = 0;
  for (let i = 0; i < returns; i++) {
    const r = Math.log(bars[i + 1].close / bars[i].close);
    scratch[i] = r;
    sum += r;
  }
  const centre = sum / returns;
  let squares = 0;
  for (let i = 0; i < returns; i++) squares += (scratch[i] - centre) ** 2;
  return Math.sqrt(squares / (returns - 1));
}
