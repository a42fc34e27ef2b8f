/** Something that knows when its own asynchronous work has drained (the bus, say). */
export interface WorkSource {
  /** Nothing running and nothing waiting to run. */
  isIdle(): boolean;
  /** Nothing waiting to run; what runs may be waiting on an outside answer. */
  isQuiet(): boolean;
}

interface Ticket {
  arrived: boolean;
  readonly arrival: Promise<void>;
  release(): void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What the market replay waits for between bars: every handler, model call and order set off by one
 * bar settles before the next bar exists, so results depend on the data and never on the pace.
 *
 * Answers from outside the process (a remote model) arrive in whatever order the network delivers
 * them. In a replay, `ordered` holds each answer back and hands it over in the order the calls were
 * made, one at a time and only when nothing else is left to run: the run then depends on the answers,
 * never on their latency. Live (`ordering` off) answers pass straight through.
 */
export class PendingWork {
  private readonly sources: WorkSource[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly tickets: Ticket[] = [];
  private ordering = false;

  addSource(source: WorkSource): void {
    this.sources.push(source);
  }

  /** Answers from outside are handed over in call order (a replay); off, they pass as they come. */
  orderAnswers(on: boolean): void {
    this.ordering = on;
  }

  /** Tracks a piece of work until it settles (its failure is the caller's to handle). */
  track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.running.delete(tracked));
    tracked.catch(() => undefined);
    this.running.add(tracked);
    return work;
  }

  /**
   * Something was handed over whose takers run as promise continuations (a paper fill resolving an
   * order): `settled` waits at least one turn, so they have run before it reports.
   */
  awaitTurn(): void {
    void this.track(turn());
  }

  /** An answer from outside the process: in a replay, released in the order such calls started. */
  ordered<T>(answer: Promise<T>): Promise<T> {
    if (!this.ordering) return answer;
    return new Promise<T>((resolve, reject) => {
      let release = () => undefined as void;
      const ticket: Ticket = {
        arrived: false,
        arrival: answer
          .then(
            (value) => {
              release = () => resolve(value);
            },
            (error: unknown) => {
              release = () => reject(error instanceof Error ? error : new Error(String(error)));
            },
          )
          .finally(() => (ticket.arrived = true)),
        release: () => release(),
      };
      this.tickets.push(ticket);
    });
  }

  /** Resolves once every source is idle, nothing tracked runs and every held answer is handed over. */
  async settled(): Promise<void> {
    for (;;) {
      // Nothing scheduled, nothing running, nothing held: done without waiting for a turn.
      if (this.isSettled()) return;
      await turn();
      if (!this.sources.every((s) => s.isQuiet())) continue;
      const next = this.tickets[0];
      if (next) {
        if (!next.arrived) await next.arrival;
        this.tickets.shift();
        next.release();
        continue;
      }
      if (this.isSettled()) return;
      // Something runs that no source reports: wait for it, or for it to call out.
      if (this.running.size > 0) await Promise.race([...this.running, turn()]);
    }
  }

  private isSettled(): boolean {
    return (
      this.tickets.length === 0 && this.running.size === 0 && this.sources.every((s) => s.isIdle())
    );
  }
}
