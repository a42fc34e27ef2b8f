import type { Monotonic } from '../platform/clock.js';

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const EXPORT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000 };

/**
 * Exponential back-off with "equal jitter": the n-th consecutive failure waits between half and all of
 * min(max, initial·2ⁿ), so a fleet recovering from one outage does not retry in lock-step, and an outage
 * of any length costs a handful of requests per minute.
 */
export class ExportBackoff {
  private failures = 0;
  private notBefore = 0;

  constructor(
    private readonly clock: Monotonic,
    private readonly policy: BackoffPolicy = EXPORT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether an attempt may be made now. */
  ready(): boolean {
    return this.clock.now() >= this.notBefore;
  }

  /** How long until an attempt may be made. */
  remainingMs(): number {
    return Math.max(0, this.notBefore - this.clock.now());
  }

  /** Records a failed attempt; returns the wait before the next one. */
  failed(): number {
    const ceiling = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.failures);
    const delay = Math.round(ceiling / 2 + (ceiling / 2) * this.random());
    this.failures = Math.min(this.failures + 1, 30);
    this.notBefore = this.clock.now() + delay;
    return delay;
  }

  succeeded(): void {
    this.failures = 0;
    this.notBefore = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
