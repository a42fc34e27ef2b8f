import type { Clock } from '../platform/clock.js';
import { ModelCallError } from './models/model-call.error.js';

export interface BudgetLimits {
  /** Per agent and UTC day. */
  readonly dailyTokens: number;
  readonly dailyCostUsd: number;
}

export interface DailyUsage {
  readonly tokens: number;
  readonly costUsd: number;
}

/** Told when an agent runs out of budget (true) and when a new day gives it back (false). */
export type BudgetListener = (agentId: string, exhausted: boolean) => void;

const DAY_MS = 86_400_000;

/**
 * Per-agent daily token and cost budgets that fail closed: an agent at or over either limit gets no
 * further call until the next UTC day of the injected clock. A call already in flight when the limit is
 * reached still lands (and is charged), so usage can end a little over the limit, never a call over it.
 */
export class ModelBudget {
  private day: number;
  private readonly usage = new Map<string, DailyUsage>();
  private readonly exhausted = new Set<string>();
  private readonly listeners = new Set<BudgetListener>();

  constructor(
    private readonly limits: BudgetLimits,
    private readonly clock: Clock,
    /** Agents with a budget of their own (a declared seat); the rest have `limits`. */
    private readonly own: ReadonlyMap<string, Partial<BudgetLimits>> = new Map(),
  ) {
    this.day = Math.floor(clock.now() / DAY_MS);
  }

  onChange(listener: BudgetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Throws a `budget_exhausted` ModelCallError when the agent may not call its model now. */
  admit(agentId: string): void {
    this.rollDay();
    if (this.exhausted.has(agentId) || this.checkLimits(agentId)) {
      throw new ModelCallError('budget_exhausted', `${agentId}: daily model budget exhausted`);
    }
  }

  charge(agentId: string, tokens: number, costUsd: number): void {
    this.rollDay();
    const used = this.usageOf(agentId);
    this.usage.set(agentId, { tokens: used.tokens + tokens, costUsd: used.costUsd + costUsd });
    this.checkLimits(agentId);
  }

  usageOf(agentId: string): DailyUsage {
    return this.usage.get(agentId) ?? { tokens: 0, costUsd: 0 };
  }

  limitsOf(agentId: string): BudgetLimits {
    return { ...this.limits, ...this.own.get(agentId) };
  }

  isExhausted(agentId: string): boolean {
    return this.exhausted.has(agentId);
  }

  /** A new day forgets yesterday's usage and gives every exhausted agent its budget back. */
  rollDay(): void {
    const today = Math.floor(this.clock.now() / DAY_MS);
    if (today === this.day) return;
    this.day = today;
    this.usage.clear();
    const renewed = [...this.exhausted];
    this.exhausted.clear();
    for (const agentId of renewed) this.notify(agentId, false);
  }

  /** True (and listeners told once) when the agent is at or over a limit. */
  private checkLimits(agentId: string): boolean {
    if (this.exhausted.has(agentId)) return true;
    const used = this.usageOf(agentId);
    const limits = this.limitsOf(agentId);
    if (used.tokens < limits.dailyTokens && used.costUsd < limits.dailyCostUsd) return false;
    this.exhausted.add(agentId);
    this.notify(agentId, true);
    return true;
  }

  private notify(agentId: string, exhausted: boolean): void {
    for (const listener of this.listeners) listener(agentId, exhausted);
  }
}
