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

/** Node's timers, which run on the monotonic clock. They do not keep the process alive. */
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
