/**
 * Activity per participant: an exponentially weighted message rate, scored against the mean of all
 * participants (1.0 = average). Counting is a typed-array increment; the rates are folded in on `tick`.
 */
export class ActivityTracker {
  private readonly pending: Uint32Array;
  private readonly rate: Float64Array;
  private readonly score: Float64Array;
  private lastTickMs: number;

  private readonly counted: Uint8Array;

  /**
   * `windowMs` is the time constant of the exponential weighting; `counted` says which participants make
   * up the average (all by default).
   */
  constructor(
    readonly size: number,
    readonly windowMs: number,
    nowMs: number,
    counted?: Uint8Array,
  ) {
    this.counted = counted ?? new Uint8Array(size).fill(1);
    this.pending = new Uint32Array(size);
    this.rate = new Float64Array(size);
    this.score = new Float64Array(size);
    this.lastTickMs = nowMs;
  }

  record(i: number): void {
    this.pending[i] += 1;
  }

  tick(nowMs: number): void {
    const elapsedMs = nowMs - this.lastTickMs;
    if (elapsedMs <= 0) return;
    this.lastTickMs = nowMs;
    const weight = 1 - Math.exp(-elapsedMs / this.windowMs);
    let total = 0;
    let members = 0;
    for (let i = 0; i < this.size; i++) {
      const instant = (this.pending[i] * 60_000) / elapsedMs;
      this.rate[i] += weight * (instant - this.rate[i]);
      this.pending[i] = 0;
      if (this.counted[i] === 1) {
        total += this.rate[i];
        members += 1;
      }
    }
    const mean = members > 0 ? total / members : 0;
    for (let i = 0; i < this.size; i++) this.score[i] = mean > 0 ? this.rate[i] / mean : 0;
  }

  scoreOf(i: number): number {
    return this.score[i];
  }

  /** Messages per minute of market time, exponentially weighted. */
  rateOf(i: number): number {
    return this.rate[i];
  }
}
