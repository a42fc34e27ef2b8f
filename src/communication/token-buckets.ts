import type { ThrottleBudget } from '../config/roster.js';

/**
 * One token bucket per participant, stored as parallel typed arrays so a decision is a few array reads
 * with no allocation. A bucket that runs dry starts a cooldown; when it ends the participant resumes
 * with whatever the refill has brought back (throttle recovery).
 */
export class TokenBuckets {
  private readonly tokens: Float64Array;
  private readonly refilledAt: Float64Array;
  private readonly cooldownUntil: Float64Array;
  private readonly capacity: Float64Array;
  private readonly refillPerMs: Float64Array;
  private readonly cooldownMs: Float64Array;
  /** 1 = refill at the normal rate; the balance rule lowers it for an over-active participant. */
  readonly refillFactor: Float64Array;

  constructor(budgets: readonly ThrottleBudget[], nowMs: number) {
    const n = budgets.length;
    this.tokens = new Float64Array(n);
    this.refilledAt = new Float64Array(n).fill(nowMs);
    this.cooldownUntil = new Float64Array(n);
    this.capacity = new Float64Array(n);
    this.refillPerMs = new Float64Array(n);
    this.cooldownMs = new Float64Array(n);
    this.refillFactor = new Float64Array(n).fill(1);
    budgets.forEach((budget, i) => {
      this.capacity[i] = budget.capacity;
      this.tokens[i] = budget.capacity;
      this.refillPerMs[i] = budget.refillPerMinute / 60_000;
      this.cooldownMs[i] = budget.cooldownMs;
    });
  }

  /** Takes one token for participant `i`; false means the message is throttled. */
  take(i: number, nowMs: number): boolean {
    const elapsed = nowMs - this.refilledAt[i];
    if (elapsed > 0) {
      const refilled = this.tokens[i] + elapsed * this.refillPerMs[i] * this.refillFactor[i];
      this.tokens[i] = refilled < this.capacity[i] ? refilled : this.capacity[i];
      this.refilledAt[i] = nowMs;
    }
    if (nowMs < this.cooldownUntil[i]) return false;
    if (this.tokens[i] >= 1) {
      this.tokens[i] -= 1;
      return true;
    }
    this.cooldownUntil[i] = nowMs + this.cooldownMs[i];
    return false;
  }

  available(i: number): number {
    return this.tokens[i];
  }

  isCoolingDown(i: number, nowMs: number): boolean {
    return nowMs < this.cooldownUntil[i];
  }
}
