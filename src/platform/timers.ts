import { ManualMonotonic } from './clock.js';

export type CancelTimer = () => void;

/**
 * Monotonic timers for infrastructure that runs on real elapsed time whatever the market does: group
 * commit, export shipping, pushing to dashboards, timeouts. Never for a trading or communication policy:
 * those run on the market-time `Scheduler`.
 */
export abstract class Timers {
  abstract every(intervalMs: number, task: () => void): CancelTimer;
  abstract after(delayMs: number, task: () => void): CancelTimer;

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.after(delayMs, resolve));
  }
}

/** Node's timers, which run on the monotonic clock. A periodic one does not keep the process alive. */
export class SystemTimers extends Timers {
  every(intervalMs: number, task: () => void): CancelTimer {
    const timer = setInterval(task, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  after(delayMs: number, task: () => void): CancelTimer {
    const timer = setTimeout(task, delayMs);
    return () => clearTimeout(timer);
  }
}

/**
 * Ends the process if shutting down takes longer than `deadlineMs`, however stuck a module is. The timer
 * does not itself keep the process alive.
 */
export function armShutdownDeadline(deadlineMs: number, onExpired: () => void): void {
  setTimeout(onExpired, deadlineMs).unref();
}

interface ManualTimer {
  due: number;
  readonly intervalMs: number | undefined;
  readonly task: () => void;
}

/** Timers on a `ManualMonotonic` that fire only when a test advances it. */
export class ManualTimers extends Timers {
  private readonly timers = new Set<ManualTimer>();

  constructor(readonly monotonic = new ManualMonotonic()) {
    super();
  }

  every(intervalMs: number, task: () => void): CancelTimer {
    return this.add({ due: this.monotonic.now() + intervalMs, intervalMs, task });
  }

  after(delayMs: number, task: () => void): CancelTimer {
    return this.add({ due: this.monotonic.now() + delayMs, intervalMs: undefined, task });
  }

  /** Moves monotonic time on by `ms`, firing what falls due in order. */
  advance(ms: number): void {
    const end = this.monotonic.now() + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.timers) if (t.due <= end && (!next || t.due < next.due)) next = t;
      if (!next) break;
      this.monotonic.current = next.due;
      if (next.intervalMs === undefined) this.timers.delete(next);
      else next.due += next.intervalMs;
      next.task();
    }
    this.monotonic.current = end;
  }

  private add(timer: ManualTimer): CancelTimer {
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }
}
