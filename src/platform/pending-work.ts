/** Something that knows when its own asynchronous work has drained (the bus, say). */
export interface WorkSource {
  isIdle(): boolean;
  whenIdle(): Promise<void>;
}

/**
 * What the market replay waits for between bars: every handler, model call and order set off by one
 * bar settles before the next bar exists, so results depend on the data and never on the pace.
 */
export class PendingWork {
  private readonly sources: WorkSource[] = [];
  private readonly running = new Set<Promise<unknown>>();

  addSource(source: WorkSource): void {
    this.sources.push(source);
  }

  /** Tracks a piece of work until it settles (its failure is the caller's to handle). */
  track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.running.delete(tracked));
    tracked.catch(() => undefined);
    this.running.add(tracked);
    return work;
  }

  /** Resolves once every source is idle and nothing tracked is running, after one more turn. */
  async settled(): Promise<void> {
    for (;;) {
      await Promise.allSettled([...this.running]);
      for (const source of this.sources) await source.whenIdle();
      // Work may set off more work (a fill tells an agent, who answers): look again after a turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.running.size === 0 && this.sources.every((s) => s.isIdle())) return;
    }
  }
}
