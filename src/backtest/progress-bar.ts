import { SystemMonotonic } from '../platform/clock.js';

const WIDTH = 30;
const REDRAW_MS = 200;

/** A one-line progress bar with an ETA, redrawn in place on a terminal at most five times a second. */
export class ProgressBar {
  private readonly monotonic = new SystemMonotonic();
  private readonly startedAt = this.monotonic.now();
  private drawnAt = -Infinity;

  constructor(private readonly write: (text: string) => void) {}

  /** `share` is the part of the run's market time done (0–1; NaN when unknown). */
  update(bars: number, share: number): void {
    const now = this.monotonic.now();
    if (now - this.drawnAt < REDRAW_MS && share < 1) return;
    this.drawnAt = now;
    const done = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
    const filled = Math.round(done * WIDTH);
    const elapsed = (now - this.startedAt) / 1000;
    const eta = done > 0 ? (elapsed / done) * (1 - done) : NaN;
    this.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(done * 100).toFixed(0).padStart(3)}%  ${bars} bars  ${elapsed.toFixed(0)} s, ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '—'}  `,
    );
  }

  finish(): void {
    this.write('\n');
  }
}
