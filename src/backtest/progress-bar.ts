import { SystemMonotonic } from '../platform/clock.js';

const WIDTH = 30;
const REDRAW_MS = 200;

/** A one-line progress bar with an ETA, redrawn in place on a terminal at most five times a second. */
export class ProgressBar {
  private readonly monotonic = new SystemMonotonic();
  private readonly startedAt = this.monotonic.now();
  private drawnAt = -Infinity;

  constructor(private readonly write: (text: string) => void) {}

  update(done: number, total: number): void {
    const now = this.monotonic.now();
    if (now - this.drawnAt < REDRAW_MS && done < total) return;
    this.drawnAt = now;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * WIDTH);
    const elapsed = (now - this.startedAt) / 1000;
    const eta = share > 0 ? (elapsed / share) * (1 - share) : NaN;
    this.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${done}/${total} bars  ${elapsed.toFixed(0)} s, ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '—'}  `,
    );
  }

  finish(): void {
    this.write('\n');
  }
}
