export const AGENT_STATES = [
  'created',
  'starting',
  'running',
  'paused',
  'stopped',
  'failed',
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

const TRANSITIONS: Readonly<Record<AgentState, readonly AgentState[]>> = {
  created: ['starting', 'stopped'],
  starting: ['running', 'failed', 'stopped'],
  running: ['paused', 'stopped', 'failed'],
  paused: ['running', 'stopped', 'failed'],
  stopped: [],
  failed: ['starting', 'stopped'],
};

/** An agent's lifecycle: `created → starting → running ⇄ paused → stopped`, plus `failed`. */
export class AgentLifecycle {
  private current: AgentState = 'created';

  constructor(readonly agentId: string) {}

  get state(): AgentState {
    return this.current;
  }

  get isRunning(): boolean {
    return this.current === 'running';
  }

  /** Moves to `next`, or throws when the lifecycle does not allow it. */
  transition(next: AgentState): void {
    if (!TRANSITIONS[this.current].includes(next)) {
      throw new Error(`agent ${this.agentId}: invalid transition ${this.current} -> ${next}`);
    }
    this.current = next;
  }
}
