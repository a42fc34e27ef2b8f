import type { Clock } from '../platform/clock.js';
import type { ModelCostEvent } from '../platform/domain-events.js';
import type { TokenUsage } from './models/chat-model.js';
import { ModelCallError } from './models/model-call.error.js';
import type { ModelBudget } from './model-budget.js';
import type { ModelUsage } from './model-usage.js';

export type ModelPrices = Readonly<
  Record<string, { readonly input: number; readonly output: number }>
>;

/** What one remote call cost: the tokens it billed under a model's prices, or a fixed price per call. */
export interface BilledCall {
  readonly usage?: TokenUsage;
  readonly model?: string;
  readonly fixedUsd?: number;
}

/**
 * The accounting around every remote model call: admits it against the agent's budget, then counts the
 * outcome, the tokens and the cost, charges the budget and reports the cost to whoever charges agents.
 */
export class ModelMeter {
  constructor(
    private readonly budget: ModelBudget,
    readonly usage: ModelUsage,
    private readonly prices: ModelPrices,
    private readonly clock: Clock,
    private readonly onCost: (event: ModelCostEvent) => void,
  ) {}

  /** Throws (and counts) when the agent's budget is exhausted. */
  admit(agentId: string): void {
    try {
      this.budget.admit(agentId);
    } catch (error) {
      this.usage.count(agentId, 'budget_exhausted');
      throw error;
    }
  }

  /** A local model answered: counted, never billed. */
  answeredLocally(agentId: string): void {
    this.usage.count(agentId, 'ok');
  }

  /**
   * A remote call answered. A cached answer is charged to the agent as when it was first given (its
   * budget and its performance), so a replay repeats the run, but it is not counted as spend.
   */
  answered(
    agentId: string,
    billed: BilledCall | undefined,
    latencySeconds: number,
    cached = false,
  ): void {
    this.usage.count(agentId, cached ? 'cached' : 'ok');
    if (!cached) this.usage.observeLatency(latencySeconds);
    if (billed) this.bill(agentId, billed, cached);
  }

  /** A call an outside agent made to its own model and reported: counted and charged, no latency. */
  reported(agentId: string, billed: BilledCall): void {
    this.usage.count(agentId, 'ok');
    this.bill(agentId, billed);
  }

  /** A remote call failed; what it billed on the way (a malformed answer's tokens) is still charged. */
  failed(agentId: string, error: unknown, latencySeconds: number, model?: string): void {
    const modelError = error instanceof ModelCallError ? error : undefined;
    this.usage.count(agentId, modelError?.failure ?? 'http_error');
    this.usage.observeLatency(latencySeconds);
    if (modelError?.usage) this.bill(agentId, { usage: modelError.usage, model });
  }

  private bill(agentId: string, call: BilledCall, cached = false): void {
    const price = call.model ? this.prices[call.model] : undefined;
    const tokens = (call.usage?.promptTokens ?? 0) + (call.usage?.completionTokens ?? 0);
    const costUsd =
      (call.fixedUsd ?? 0) +
      (price && call.usage
        ? (call.usage.promptTokens * price.input + call.usage.completionTokens * price.output) / 1e6
        : 0);
    if (!cached) this.usage.bill(agentId, call.usage, costUsd);
    this.budget.charge(agentId, tokens, costUsd);
    if (costUsd > 0) this.onCost({ agentId, costUsd, ts: this.clock.now() });
  }
}
