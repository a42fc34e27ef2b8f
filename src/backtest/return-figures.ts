const YEAR_MS = 365 * 24 * 3_600_000;

/** An equity curve at bar closes, oldest first; PnL separates profit from capital moved in or out. */
export interface EquityCurve {
  readonly ts: ArrayLike<number>;
  readonly equityUsd: ArrayLike<number>;
  readonly pnlUsd: ArrayLike<number>;
}

export interface ReturnFigures {
  readonly returnPct: number;
  readonly maxDrawdownPct: number;
  /** Market time (ISO) of the high before the deepest drawdown, and of its low; null without one. */
  readonly drawdownPeakAt: string | null;
  readonly drawdownTroughAt: string | null;
  /** Standard deviation of per-bar returns × √(bars per year). */
  readonly volatilityPct: number;
  /** Mean / standard deviation of per-bar returns × √(bars per year), risk-free rate 0. */
  readonly sharpe: number | null;
  /** Mean / downside deviation (root mean square of the negative per-bar returns) × √(bars per year). */
  readonly sortino: number | null;
}

export const ANNUALISATION =
  'per-bar returns, annualised by √(bars per year) with a 365-day year; risk-free rate 0';

/**
 * Returns compound bar by bar: a bar's return is its PnL change over the equity at the bar before, so
 * capital a rebalance moves in or out of an agent is not mistaken for profit.
 */
export function returnFigures(curve: EquityCurve, barMs: number): ReturnFigures {
  const n = curve.ts.length;
  const returns = new Float64Array(Math.max(0, n - 1));
  let wealth = 1;
  let peak = 1;
  let peakAt = 0;
  let maxDrawdown = 0;
  let worst: { peak: number; trough: number } | undefined;
  for (let i = 1; i < n; i++) {
    const before = curve.equityUsd[i - 1];
    const r = before > 0 ? (curve.pnlUsd[i] - curve.pnlUsd[i - 1]) / before : 0;
    returns[i - 1] = r;
    wealth *= 1 + r;
    if (wealth > peak) {
      peak = wealth;
      peakAt = i;
    }
    const drawdown = (peak - wealth) / peak;
    if (drawdown > maxDrawdown) {
      maxDrawdown = drawdown;
      worst = { peak: peakAt, trough: i };
    }
  }
  const m = returns.length;
  let sum = 0;
  for (const r of returns) sum += r;
  const mean = m > 0 ? sum / m : 0;
  let squares = 0;
  let downside = 0;
  for (const r of returns) {
    squares += (r - mean) ** 2;
    if (r < 0) downside += r * r;
  }
  const sd = m > 1 ? Math.sqrt(squares / (m - 1)) : 0;
  const downsideDeviation = m > 0 ? Math.sqrt(downside / m) : 0;
  const scale = Math.sqrt(YEAR_MS / barMs);
  const iso = (i: number) => new Date(curve.ts[i]).toISOString();
  return {
    returnPct: (wealth - 1) * 100,
    maxDrawdownPct: maxDrawdown * 100,
    drawdownPeakAt: worst ? iso(worst.peak) : null,
    drawdownTroughAt: worst ? iso(worst.trough) : null,
    volatilityPct: sd * scale * 100,
    sharpe: sd > 0 ? (mean / sd) * scale : null,
    sortino: downsideDeviation > 0 ? (mean / downsideDeviation) * scale : null,
  };
}

/** Drawdown from the running high of compounded returns at every point, in percent. */
export function drawdownPath(curve: EquityCurve): Float64Array {
  const out = new Float64Array(curve.ts.length);
  let wealth = 1;
  let peak = 1;
  for (let i = 1; i < curve.ts.length; i++) {
    const before = curve.equityUsd[i - 1];
    wealth *= 1 + (before > 0 ? (curve.pnlUsd[i] - curve.pnlUsd[i - 1]) / before : 0);
    peak = Math.max(peak, wealth);
    out[i] = ((peak - wealth) / peak) * 100;
  }
  return out;
}
