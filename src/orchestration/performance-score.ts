/** How strongly a risk-adjusted score moves capital: e^(0.35 × score), score clamped to ±3. */
const SENSITIVITY = 0.35;
const SCORE_BOUND = 3;
/** The multiplier of the worst score: what an agent whose breaker tripped is allocated by. */
export const WORST_MULTIPLIER = Math.exp(-SENSITIVITY * SCORE_BOUND);
/** Fewer returns than this say nothing yet; the agent keeps multiplier 1. */
const MIN_SAMPLES = 6;

/**
 * Each agent's risk-adjusted return over a rolling window of samples: the PnL change between samples
 * (net of fees and of model cost, as the caller passes it) over the capital behind it. The score is the
 * mean return over its standard error — high only when the agent earns steadily — and becomes the
 * allocation's performance multiplier.
 */
export class PerformanceScore {
  private readonly returns = new Map<string, number[]>();
  private readonly lastPnl = new Map<string, number>();

  constructor(private readonly window: number) {}

  record(agentId: string, pnlUsd: number, capitalUsd: number): void {
    const previous = this.lastPnl.get(agentId);
    this.lastPnl.set(agentId, pnlUsd);
    if (previous === undefined || !(capitalUsd > 0)) return;
    const series = this.returns.get(agentId) ?? [];
    series.push((pnlUsd - previous) / capitalUsd);
    if (series.length > this.window) series.shift();
    this.returns.set(agentId, series);
  }

  score(agentId: string): number {
    const series = this.returns.get(agentId) ?? [];
    if (series.length < MIN_SAMPLES) return 0;
    // Plain loops: a rebalance scores every agent over a week of samples (a thousand agents in the bench).
    let sum = 0;
    for (const r of series) sum += r;
    const mean = sum / series.length;
    let squares = 0;
    for (const r of series) squares += (r - mean) * (r - mean);
    const variance = squares / (series.length - 1);
    if (variance <= 0) return 0;
    const t = (mean / Math.sqrt(variance)) * Math.sqrt(series.length);
    return Math.max(-SCORE_BOUND, Math.min(SCORE_BOUND, t));
  }

  multiplier(agentId: string): number {
    return Math.exp(SENSITIVITY * this.score(agentId));
  }

  multipliers(agentIds: Iterable<string>): Map<string, number> {
    return new Map([...agentIds].map((id) => [id, this.multiplier(id)]));
  }
}
