export const COMPONENT_STATES = [
  'initialized',
  'starting',
  'running',
  'stopping',
  'stopped',
  'failed',
] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

const TRANSITIONS: Readonly<Record<ComponentState, readonly ComponentState[]>> = {
  initialized: ['starting', 'stopping'],
  starting: ['running', 'failed', 'stopping'],
  running: ['stopping', 'failed'],
  stopping: ['stopped'],
  stopped: [],
  // A failed component may be started again, or put away.
  failed: ['starting', 'stopping'],
};

/**
 * A connection-holding component's one state machine: `initialized → starting → running → stopping →
 * stopped`, or `failed` (which may restart). An invalid transition throws, so a component that is
 * stopped cannot quietly come back to life; `stop` is the one way down and may be called in any state.
 */
export class ComponentLifecycle {
  private current: ComponentState = 'initialized';

  constructor(readonly component: string) {}

  get state(): ComponentState {
    return this.current;
  }

  get isRunning(): boolean {
    return this.current === 'running';
  }

  /** Asked to stop (stopping or stopped): nothing may reconnect, retry or record any more. */
  get isStopping(): boolean {
    return this.current === 'stopping' || this.current === 'stopped';
  }

  /** Moves to `next`, or throws when the lifecycle does not allow it. */
  transition(next: ComponentState): void {
    if (!TRANSITIONS[this.current].includes(next))
      throw new Error(`${this.component}: invalid transition ${this.current} -> ${next}`);
    this.current = next;
  }

  /**
   * `starting`, then `open`, then `running`; `failed` when `open` throws (the error goes on). False,
   * and nothing runs, when it is running or starting already.
   */
  async start(open: () => Promise<void> | void = () => undefined): Promise<boolean> {
    if (this.current === 'running' || this.current === 'starting') return false;
    this.transition('starting');
    try {
      await open();
    } catch (error) {
      // Stopped while opening: the stop wins, the failure of the interrupted open does not count.
      if (this.stillStarting()) this.transition('failed');
      throw error;
    }
    if (this.stillStarting()) this.transition('running');
    return true;
  }

  /** After an await: a `stop` may have come in meanwhile. */
  private stillStarting(): boolean {
    return this.current === 'starting';
  }

  /** `stopping`, then `close`, then `stopped`; does nothing when it is stopping or stopped already. */
  stop(close: () => void = () => undefined): void {
    if (this.isStopping) return;
    this.transition('stopping');
    try {
      close();
    } finally {
      this.transition('stopped');
    }
  }
}
