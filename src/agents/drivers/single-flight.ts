/**
 * At most one model call in flight per agent. A tick that finds a call running skips its work (the market
 * moves on); a message waits its turn (it must still be answered).
 */
export class SingleFlight {
  private current: Promise<void> | undefined;

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Starts `work` unless a call is in flight; undefined when skipped. */
  tryRun(work: () => Promise<void>): Promise<void> | undefined {
    return this.current ? undefined : this.start(work);
  }

  /** Waits for the call in flight (whatever its outcome), then runs `work`. */
  async run(work: () => Promise<void>): Promise<void> {
    while (this.current) await this.current.catch(() => undefined);
    return this.start(work);
  }

  private start(work: () => Promise<void>): Promise<void> {
    const call = work().finally(() => {
      if (this.current === call) this.current = undefined;
    });
    this.current = call;
    return call;
  }
}
