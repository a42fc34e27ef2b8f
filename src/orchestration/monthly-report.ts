/** The seed's goal: 15% a month. */
export const MONTHLY_TARGET_RETURN_PCT = 15;
const YEAR_MS = 365 * 24 * 3_600_000;

/** One point of an agent's (or the portfolio's) curve: PnL on the capital behind it. */
export interface PerformanceMark {
  readonly ts: number;
  readonly pnlUsd: number;
  readonly capitalUsd: number;
}

export interface PerformanceFigures {
  readonly id: string;
  readonly returnPct: number;
  /** Standard deviation of the period returns, scaled to the month. */
  readonly volatilityPct: number;
  /** Annualised mean over standard deviation of the period returns (risk-free rate 0). */
  readonly sharpe: number | null;
  readonly maxDrawdownPct: number;
  /** Notional traded over the average capital. */
  readonly turnover: number;
  readonly feesUsd: number;
  readonly targetReturnPct: number;
  /** Return minus the target, in points. */
  readonly vsTargetPct: number;
  readonly metTarget: boolean;
  readonly samples: number;
}

export interface ActivityTotals {
  readonly feesUsd: number;
  readonly tradedUsd: number;
}

/** Start and end (exclusive) of a `YYYY-MM` month in UTC epoch milliseconds. */
export function monthRange(month: string): { start: number; end: number } {
  const [year, m] = month.split('-').map(Number);
  return { start: Date.UTC(year, m - 1, 1), end: Date.UTC(year, m, 1) };
}

/**
 * The monthly figures of one curve. Returns compound period by period (PnL change over the capital at
 * the start of the period), so capital moved in or out by rebalancing is not mistaken for profit.
 */
export function performanceFigures(
  id: string,
  marks: readonly PerformanceMark[],
  totals: ActivityTotals,
): PerformanceFigures {
  const sorted = [...marks].sort((a, b) => a.ts - b.ts);
  const returns: number[] = [];
  let wealth = 1;
  let peak = 1;
  let maxDrawdown = 0;
  for (let i = 1; i < sorted.length; i++) {
    const capital = sorted[i - 1].capitalUsd + sorted[i - 1].pnlUsd;
    const r = capital > 0 ? (sorted[i].pnlUsd - sorted[i - 1].pnlUsd) / capital : 0;
    returns.push(r);
    wealth *= 1 + r;
    peak = Math.max(peak, wealth);
    maxDrawdown = Math.max(maxDrawdown, (peak - wealth) / peak);
  }
  const n = returns.length;
  const mean = n > 0 ? returns.reduce((a, b) => a + b, 0) / n : 0;
  const sd = n > 1 ? Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) : 0;
  const spanMs = n > 0 ? sorted[sorted.length - 1].ts - sorted[0].ts : 0;
  const periodsPerYear = spanMs > 0 ? (YEAR_MS * n) / spanMs : 0;
  const averageCapital =
    sorted.length > 0 ? sorted.reduce((a, m) => a + m.capitalUsd, 0) / sorted.length : 0;
  const returnPct = (wealth - 1) * 100;
  return {
    id,
    returnPct,
    volatilityPct: sd * Math.sqrt(n) * 100,
    sharpe: sd > 0 && periodsPerYear > 0 ? (mean / sd) * Math.sqrt(periodsPerYear) : null,
    maxDrawdownPct: maxDrawdown * 100,
    turnover: averageCapital > 0 ? totals.tradedUsd / averageCapital : 0,
    feesUsd: totals.feesUsd,
    targetReturnPct: MONTHLY_TARGET_RETURN_PCT,
    vsTargetPct: returnPct - MONTHLY_TARGET_RETURN_PCT,
    // A hair of float error must not miss a target met exactly.
    metTarget: returnPct >= MONTHLY_TARGET_RETURN_PCT - 1e-9,
    samples: sorted.length,
  };
}
