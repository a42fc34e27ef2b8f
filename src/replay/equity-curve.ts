/** Five-minute bars in a year: per-bar Sharpe ratios are annualised with its square root. */
const BARS_PER_YEAR = 288 * 365;

export interface EquityFigures {
  /** Equity at the last bar over the initial capital, minus one, percent. */
  readonly returnPct: number;
  /** Largest fall from an equity high to a later bar close, percent of that high. */
  readonly maxDrawdownPct: number;
  /** Largest fall of equity between two consecutive bar closes, percent. */
  readonly largestBarFallPct: number;
  /** Mean over standard deviation of per-bar equity returns, annualised. */
  readonly sharpe: number;
}

/** The portfolio's equity at every bar close, folded into the figures a comparison needs. */
export class EquityCurve {
  private peak: number;
  private last: number;
  private maxDrawdown = 0;
  private largestFall = 0;
  private n = 0;
  private mean = 0;
  private m2 = 0;

  constructor(private readonly initialUsd: number) {
    this.peak = initialUsd;
    this.last = initialUsd;
  }

  /** Equity at a bar's close. */
  sample(equityUsd: number): void {
    const r = this.last > 0 ? equityUsd / this.last - 1 : 0;
    this.largestFall = Math.max(this.largestFall, -r * 100);
    // Welford's running variance: a month of bars in constant memory.
    this.n++;
    const delta = r - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (r - this.mean);
    this.last = equityUsd;
    this.peak = Math.max(this.peak, equityUsd);
    this.maxDrawdown = Math.max(this.maxDrawdown, (1 - equityUsd / this.peak) * 100);
  }

  figures(): EquityFigures {
    const sd = this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0;
    return {
      returnPct: (this.last / this.initialUsd - 1) * 100,
      maxDrawdownPct: this.maxDrawdown,
      largestBarFallPct: this.largestFall,
      sharpe: sd > 0 ? (this.mean / sd) * Math.sqrt(BARS_PER_YEAR) : 0,
    };
  }
}
