/**
 * Hands out turns of the event loop one at a time. A long job (an export drain) awaits `next()`
 * before each step that blocks the loop for a few milliseconds. Plain `setImmediate` would not do:
 * every immediate queued in one turn runs in the same check phase, so two batches that yield
 * together would still run back to back and stall timers and I/O for their sum. Here each waiter is
 * released by its own immediate, queued only after the previous one has run, so steps land in
 * successive iterations of the loop, with timers and I/O between them.
 */
export class EventLoopTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves at the start of a turn of the event loop that no other waiter gets. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}
