export const BREAKER_STATES = ['ok', 'halted', 'reduce-only'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];
export type BreakerMode = Exclude<BreakerState, 'ok'>;

/** The id of the portfolio-wide breaker; every other breaker is named after its agent. */
export const PORTFOLIO_BREAKER = 'portfolio';

export interface BreakerSnapshot {
  readonly id: string;
  readonly state: BreakerState;
  readonly reason: string | null;
  readonly trippedAt: number | null;
  /** Highest PnL seen since the last reset, USD. */
  readonly peakPnlUsd: number;
}

/**
 * A drawdown breaker over a PnL curve: drawdown is the fall from the peak PnL, as a share of the capital
 * plus that peak (for the portfolio, exactly the fall from the equity high-water mark). Once tripped it
 * stays tripped, whatever the market does, until `reset`.
 */
export class DrawdownBreaker {
  private current: BreakerState;
  private why: string | null;
  private since: number | null;
  private peak: number;
  private last: { pnlUsd: number; capitalUsd: number } | undefined;
  /** Reset before any observation (just after a restart): the next one sets the peak. */
  private rebase = false;

  constructor(
    readonly id: string,
    private readonly maxDrawdownPct: number,
    private readonly mode: BreakerMode,
    saved?: BreakerSnapshot,
    /** Drawdown (percent) at which the breaker warns before it trips; at or above the limit: never. */
    readonly warningPct = Infinity,
  ) {
    this.current = saved?.state ?? 'ok';
    this.why = saved?.reason ?? null;
    this.since = saved?.trippedAt ?? null;
    this.peak = saved?.peakPnlUsd ?? 0;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Records the latest PnL; returns true when this observation trips the breaker. */
  observe(pnlUsd: number, capitalUsd: number, now: number): boolean {
    this.last = { pnlUsd, capitalUsd };
    this.peak = this.rebase ? pnlUsd : Math.max(this.peak, pnlUsd);
    this.rebase = false;
    if (this.current !== 'ok') return false;
    const drawdown = this.drawdownPct();
    if (drawdown < this.maxDrawdownPct) return false;
    this.trip(
      `drawdown ${drawdown.toFixed(2)}% reached the ${this.maxDrawdownPct}% limit`,
      now,
      this.mode,
    );
    return true;
  }

  drawdownPct(): number {
    return this.last ? this.drawdownAt(this.last.pnlUsd, this.last.capitalUsd) : 0;
  }

  /** Past the warning level while not yet tripped: operators still have time to act. */
  warning(): boolean {
    return this.current === 'ok' && this.drawdownPct() >= this.warningPct;
  }

  /** The drawdown a PnL would be at, without recording it. */
  drawdownAt(pnlUsd: number, capitalUsd: number): number {
    const peak = Math.max(this.peak, pnlUsd);
    const base = capitalUsd + peak;
    return base > 0 ? Math.max(0, ((peak - pnlUsd) / base) * 100) : 0;
  }

  trip(reason: string, now: number, state: BreakerMode = this.mode): void {
    this.current = state;
    this.why = reason;
    this.since = now;
  }

  /** Clears the breaker; the drawdown is measured afresh from here. */
  reset(): void {
    this.current = 'ok';
    this.why = null;
    this.since = null;
    if (this.last) this.peak = this.last.pnlUsd;
    else this.rebase = true;
  }

  snapshot(): BreakerSnapshot {
    return {
      id: this.id,
      state: this.current,
      reason: this.why,
      trippedAt: this.since,
      peakPnlUsd: this.peak,
    };
  }
}

const STRICTNESS: Record<BreakerState, number> = { ok: 0, 'reduce-only': 1, halted: 2 };

/** The stricter of two states: halted beats reduce-only beats ok. */
export function stricter(a: BreakerState, b: BreakerState): BreakerState {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}
