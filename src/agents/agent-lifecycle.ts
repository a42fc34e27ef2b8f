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

/**
 * Why an agent is paused: its real agent is connected from outside (`stepped-aside`), its model budget
 * ran out for the day (`out-of-budget`), none of its symbols is in the market data (`idle`), no MCP
 * client holds the seat of an agent that exists only as one (`empty-seat`).
 */
export type PauseReason = 'stepped-aside' | 'out-of-budget' | 'idle' | 'empty-seat';

/**
 * An agent's lifecycle: `created → starting → running ⇄ paused → stopped`, plus `failed`. It is
 * paused while any reason holds and runs again when the last one is lifted; a reason may be recorded
 * in any state but `stopped` (a failed agent keeps its reasons for its restart).
 */
export class AgentLifecycle {
  private current: AgentState = 'created';
  private readonly pauses = new Set<PauseReason>();

  constructor(readonly agentId: string) {}

  get state(): AgentState {
    return this.current;
  }

  get isRunning(): boolean {
    return this.current === 'running';
  }

  pausedFor(reason: PauseReason): boolean {
    return this.pauses.has(reason);
  }

  /** Moves to `next`, or throws when the lifecycle does not allow it. */
  transition(next: AgentState): void {
    if (!TRANSITIONS[this.current].includes(next)) {
      throw new Error(`agent ${this.agentId}: invalid transition ${this.current} -> ${next}`);
    }
    this.current = next;
  }

  /** `starting → running`, or `paused` at once when a reason was recorded before. */
  started(): void {
    this.transition('running');
    if (this.pauses.size > 0) this.transition('paused');
  }

  pause(reason: PauseReason): void {
    if (this.current === 'stopped') return;
    this.pauses.add(reason);
    if (this.current === 'running') this.transition('paused');
  }

  /** Lifts one reason; runs again when it was the last. False when that reason did not hold. */
  resume(reason: PauseReason): boolean {
    if (!this.pauses.delete(reason)) return false;
    if (this.pauses.size === 0 && this.current === 'paused') this.transition('running');
    return true;
  }
}
