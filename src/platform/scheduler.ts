import type { Clock } from './clock.js';

export type CancelTask = () => void;

/**
 * Periodic work (activity ticks, flushes, snapshots). Live, a timer drives it; in a replay, the replay
 * advances a ManualScheduler with its ManualClock, so the same code runs in simulated time.
 */
export abstract class Scheduler {
  abstract every(intervalMs: number, task: () => void): CancelTask;
}

export class TimerScheduler extends Scheduler {
  every(intervalMs: number, task: () => void): CancelTask {
    const timer = setInterval(task, intervalMs);
    return () => clearInterval(timer);
  }
}

interface ScheduledTask {
  readonly intervalMs: number;
  readonly task: () => void;
  due: number;
}

/** Runs tasks when told that simulated time has moved, in the order they fall due. */
export class ManualScheduler extends Scheduler {
  private readonly tasks = new Set<ScheduledTask>();

  constructor(private readonly clock: Clock) {
    super();
  }

  every(intervalMs: number, task: () => void): CancelTask {
    const entry: ScheduledTask = { intervalMs, task, due: this.clock.now() + intervalMs };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  }

  /** Runs everything due up to the clock's current time. */
  runDue(): void {
    const now = this.clock.now();
    for (;;) {
      let next: ScheduledTask | undefined;
      for (const entry of this.tasks)
        if (entry.due <= now && (!next || entry.due < next.due)) next = entry;
      if (!next) return;
      next.due += next.intervalMs;
      next.task();
    }
  }
}
