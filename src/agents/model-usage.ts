import type { TokenUsage } from './models/chat-model.js';
import { MODEL_FAILURES } from './models/model-call.error.js';

/** How a model call ended: answered, answered from the response cache, or one of the failures. */
export const CALL_OUTCOMES = ['ok', 'cached', ...MODEL_FAILURES] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Upper bounds of `llm_latency_seconds`, in seconds. */
export const LATENCY_BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export interface AgentModelUsage {
  readonly calls: Readonly<Record<CallOutcome, number>>;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
}

interface Tally {
  readonly calls: Record<CallOutcome, number>;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

const emptyCalls = (): Record<CallOutcome, number> =>
  Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>;

/** Model calls, tokens, cost and latency since the start, per agent: read by the metrics and the bench. */
export class ModelUsage {
  private readonly tallies = new Map<string, Tally>();
  readonly latencyBuckets = new Float64Array(LATENCY_BOUNDS.length);
  latencySum = 0;
  latencyCount = 0;

  count(agentId: string, outcome: CallOutcome): void {
    this.tally(agentId).calls[outcome] += 1;
  }

  bill(agentId: string, usage: TokenUsage | undefined, costUsd: number): void {
    const tally = this.tally(agentId);
    tally.promptTokens += usage?.promptTokens ?? 0;
    tally.completionTokens += usage?.completionTokens ?? 0;
    tally.costUsd += costUsd;
  }

  observeLatency(seconds: number): void {
    const bucket = LATENCY_BOUNDS.findIndex((bound) => seconds <= bound);
    if (bucket >= 0) this.latencyBuckets[bucket] += 1;
    this.latencySum += seconds;
    this.latencyCount += 1;
  }

  agents(): string[] {
    return [...this.tallies.keys()];
  }

  of(agentId: string): AgentModelUsage {
    const tally = this.tally(agentId);
    return { ...tally, calls: { ...tally.calls } };
  }

  private tally(agentId: string): Tally {
    let tally = this.tallies.get(agentId);
    if (!tally) {
      tally = { calls: emptyCalls(), promptTokens: 0, completionTokens: 0, costUsd: 0 };
      this.tallies.set(agentId, tally);
    }
    return tally;
  }
}
