import type { Clock } from './clock.js';

export type CancelTask = () => void;

/**
 * Periodic policy work (activity ticks, snapshots, rebalances, backups) in MARKET time. A task runs when
 * market time reaches its next due time; due times sit on a grid aligned to the epoch, so "every hour"
 * means on the market hour whatever the pace of the data. When market time jumps over several due times
 * (a 5-minute bar under a 1-minute task, a gap in the data), the task runs once, not once per missed
 * slot: policies look at the state now, and a replay must not pay for slots no data filled.
 */
export abstract class Scheduler {
  abstract every(intervalMs: number, task: () => void): CancelTask;
}

interface ScheduledTask {
  readonly intervalMs: number;
  readonly task: () => void;
  readonly order: number;
  due: number;
}

/** The scheduler the market timeline drives: `runDue` after every advance of market time. */
export class MarketScheduler extends Scheduler {
  private readonly tasks = new Set<ScheduledTask>();
  private registered = 0;
  /** The earliest due time of any task, so an advance with nothing due costs one comparison. */
  private nextDue = Infinity;

  constructor(private readonly clock: Clock) {
    super();
  }

  every(intervalMs: number, task: () => void): CancelTask {
    if (!(intervalMs > 0))
      throw new Error(`a scheduled interval must be positive, got ${intervalMs}`);
    const entry: ScheduledTask = {
      intervalMs,
      task,
      order: this.registered++,
      due: nextSlot(this.clock.now(), intervalMs),
    };
    this.tasks.add(entry);
    if (entry.due < this.nextDue) this.nextDue = entry.due;
    return () => this.tasks.delete(entry);
  }

  /** Runs every task due at the clock's current time once, earliest due first, then by registration. */
  runDue(): void {
    const now = this.clock.now();
    if (now < this.nextDue) return;
    const due = [...this.tasks]
      .filter((t) => t.due <= now)
      .sort((a, b) => a.due - b.due || a.order - b.order);
    for (const entry of due) {
      if (!this.tasks.has(entry)) continue; // cancelled by an earlier task
      entry.due = nextSlot(now, entry.intervalMs);
      entry.task();
    }
    this.nextDue = Infinity;
    for (const entry of this.tasks) if (entry.due < this.nextDue) this.nextDue = entry.due;
  }
}

/** The first grid slot strictly after `now`. */
function nextSlot(now: number, intervalMs: number): number {
  return (Math.floor(now / intervalMs) + 1) * intervalMs;
}
