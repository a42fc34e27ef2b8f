interface Reading {
  readonly atMs: number;
  readonly value: number;
}

/**
 * How much a cumulative counter grew over the last window, from readings taken every few seconds:
 * the in-service counterpart of PromQL's `increase(x[window])` (without extrapolation).
 */
export class CounterWindow {
  private readonly readings: Reading[] = [];

  constructor(private readonly windowMs: number) {}

  record(atMs: number, value: number): void {
    this.readings.push({ atMs, value });
    while (this.readings.length > 0 && this.readings[0].atMs < atMs - this.windowMs) {
      this.readings.shift();
    }
  }

  /** Growth between the oldest and newest reading in the window; 0 with fewer than two readings. */
  increase(): number {
    if (this.readings.length < 2) return 0;
    const first = this.readings[0].value;
    const last = this.readings[this.readings.length - 1].value;
    // A counter that went down was reset; count from zero like Prometheus does.
    return last >= first ? last - first : last;
  }
}
