/** Activity score over which an agent's bucket refills at half rate (the seed's balance rule). */
export const IMBALANCE_SCORE = 2;
/** Score at which a slowed agent counts as recovered (hysteresis, so it does not flap at 2.0). */
export const RECOVERED_SCORE = 1.8;
const SLOWED_REFILL = 0.5;
/** How far one tick under the floor eases the threshold, and how fast the easing unwinds. */
const FLOOR_EASE_STEP = 0.02;
/** Threshold shift in a calm (+) or volatile (−) market. */
const REGIME_SHIFT = 0.05;
const CALM_RATIO = 0.7;
const VOLATILE_RATIO = 1.5;
/** Weight of a new volatility reading in the long-run reference. */
const REFERENCE_WEIGHT = 0.01;

export interface TuningSpec {
  readonly defaultThreshold: number;
  readonly min: number;
  readonly max: number;
  /** Activity score under which the agent counts as under its participation floor. */
  readonly floor: number;
  /** Whether the participant is an agent the rules apply to (the orchestrator is not). */
  readonly tuned: boolean;
}

export interface TunerOptions {
  readonly autoTune: boolean;
  /** No floor alerts before this much time has passed since start (scores need a window to mean anything). */
  readonly warmupMs: number;
  /** How long an agent must stay under its floor before the alert state is raised. */
  readonly floorGraceMs: number;
}

export type MarketRegime = 'calm' | 'normal' | 'volatile';

/**
 * The coordinator's policies over time: the balance rule (an agent over twice the average activity
 * refills at half rate until it recovers), participation floors with an alert state, and auto-tuning of
 * thresholds — eased toward the bottom of the band while an agent is under its floor, raised in calm
 * markets and lowered in volatile ones, always within the role's bounds.
 *
 * An admin-set threshold becomes the agent's base and, by default, pins it: auto-tuning moves it only
 * within the band the admin gave with it (0 = not at all).
 */
export class ParticipationTuner {
  private readonly base: Float64Array;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly ease: Float64Array;
  private readonly belowSince: Float64Array;
  readonly belowFloor: Uint8Array;
  readonly adminSet: Uint8Array;
  private volatility = NaN;
  private reference = NaN;

  constructor(
    private readonly specs: readonly TuningSpec[],
    private readonly options: TunerOptions,
    private readonly startedAt: number,
  ) {
    const n = specs.length;
    this.base = Float64Array.from(specs.map((s) => s.defaultThreshold));
    this.low = Float64Array.from(specs.map((s) => s.min));
    this.high = Float64Array.from(specs.map((s) => s.max));
    this.ease = new Float64Array(n);
    this.belowSince = new Float64Array(n).fill(NaN);
    this.belowFloor = new Uint8Array(n);
    this.adminSet = new Uint8Array(n);
  }

  get autoTune(): boolean {
    return this.options.autoTune;
  }

  floorOf(i: number): number {
    return this.specs[i].floor;
  }

  /** An admin's value: the new base, with auto-tuning confined to ± `band` around it. */
  setAdminThreshold(i: number, threshold: number, band: number): void {
    this.base[i] = threshold;
    this.low[i] = Math.max(0, threshold - band);
    this.high[i] = Math.min(1, threshold + band);
    this.ease[i] = 0;
    this.adminSet[i] = 1;
  }

  /** Realised volatility of the market feed (per bar); compared with its own long-run average. */
  observeVolatility(volatility: number): void {
    if (!Number.isFinite(volatility) || volatility <= 0) return;
    this.volatility = volatility;
    this.reference = Number.isNaN(this.reference)
      ? volatility
      : this.reference + REFERENCE_WEIGHT * (volatility - this.reference);
  }

  regime(): MarketRegime {
    if (Number.isNaN(this.volatility)) return 'normal';
    const ratio = this.volatility / this.reference;
    return ratio < CALM_RATIO ? 'calm' : ratio > VOLATILE_RATIO ? 'volatile' : 'normal';
  }

  /** Applies every rule for one period; writes thresholds and refill factors in place. */
  tick(
    nowMs: number,
    score: (i: number) => number,
    thresholds: Float64Array,
    refillFactor: Float64Array,
  ): void {
    const shift = { calm: REGIME_SHIFT, normal: 0, volatile: -REGIME_SHIFT }[this.regime()];
    const warm = nowMs - this.startedAt >= this.options.warmupMs;
    for (let i = 0; i < this.specs.length; i++) {
      if (!this.specs[i].tuned) continue;
      const s = score(i);
      if (s > IMBALANCE_SCORE) refillFactor[i] = SLOWED_REFILL;
      else if (s <= RECOVERED_SCORE) refillFactor[i] = 1;
      this.trackFloor(i, s, nowMs, warm);
      if (!this.options.autoTune) continue;
      this.ease[i] = this.belowFloor[i]
        ? this.ease[i] + FLOOR_EASE_STEP
        : Math.max(0, this.ease[i] - FLOOR_EASE_STEP / 2);
      // Easing never goes further than the bottom of the band, so it unwinds promptly on recovery.
      this.ease[i] = Math.min(this.ease[i], Math.max(0, this.base[i] + shift - this.low[i]));
      const target = this.base[i] + shift - this.ease[i];
      thresholds[i] = Math.min(this.high[i], Math.max(this.low[i], target));
    }
  }

  private trackFloor(i: number, score: number, nowMs: number, warm: boolean): void {
    if (!warm || score >= this.specs[i].floor) {
      this.belowSince[i] = NaN;
      this.belowFloor[i] = 0;
      return;
    }
    if (Number.isNaN(this.belowSince[i])) this.belowSince[i] = nowMs;
    this.belowFloor[i] = nowMs - this.belowSince[i] >= this.options.floorGraceMs ? 1 : 0;
  }
}
