import { createHash } from 'node:crypto';
import type { AgentDefinition, RoleDefinition, Side } from '../config/roster.js';
import type { LedgerState } from './agent-ledger.js';
import type { AllocationPolicy, AllocationTarget } from './allocation-planner.js';
import type { BreakerMode, BreakerSnapshot } from './drawdown-breaker.js';
import type { RiskLimits } from './pre-trade-risk.js';

// What goes into the PortfolioEngine and what comes out of it: its settings, the state it resumes
// from, the orders it proposes and the rebalances it makes.

/** How targets are set: by risk-adjusted performance, or fixed at the role weights (the baseline). */
export type AllocationMode = 'performance' | 'static';

export interface EngineSettings {
  readonly roster: readonly AgentDefinition[];
  readonly roles: readonly RoleDefinition[];
  readonly policy: AllocationPolicy;
  readonly limits: RiskLimits;
  readonly breakerMode: BreakerMode;
  /** A trip also sells every position in the breaker's scope (then stays halted). */
  readonly flattenOnTrip: boolean;
  readonly portfolioMaxDrawdownPct: number;
  readonly agentMaxDrawdownPct: number;
  readonly portfolioWarningPct: number;
  readonly agentWarningPct: number;
  readonly allocationMode: AllocationMode;
  /** A rebalance may sell positions pro rata to take capital from an agent short of cash. */
  readonly reducePositions: boolean;
  /** Fee the sizer leaves room for on a buy. */
  readonly feeBps: number;
  /** Actual − target (points) beyond which capital is moved back without waiting for the schedule. */
  readonly driftBoundPct: number;
  /** Performance samples in the rolling window. */
  readonly performanceWindow: number;
  readonly crossingWindowMs: number;
}

/** Everything the engine needs to resume exactly where it stopped. */
export interface EngineState {
  readonly initialCapitalUsd: number;
  readonly reserveUsd: number;
  readonly allocations: readonly AllocationTarget[];
  readonly ledgers: readonly LedgerState[];
  readonly breakers: readonly BreakerSnapshot[];
  readonly modelCostUsd: Readonly<Record<string, number>>;
  readonly account: {
    readonly cashUsd: number;
    readonly holdings: Readonly<Record<string, number>>;
  };
}

export interface SignalIntent {
  readonly id: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly confidence: number;
  /** A quote: a limit order at this price instead of a market order. */
  readonly limitPrice?: number;
}

export interface OrderIntent {
  readonly clientOrderId: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly limitedBy?: string;
  readonly limitPrice?: number;
}

export type Proposal =
  | { readonly kind: 'order'; readonly order: OrderIntent }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'ignored' };

export interface Transfer {
  readonly agentId: string;
  /** Positive: capital in from the reserve; negative: back to the reserve. */
  readonly amountUsd: number;
}

export interface Rebalance {
  readonly reason: string;
  readonly allocations: AllocationTarget[];
  /** Each agent's target before, in the roster's order (`allocations[i]` moved from `fromPct[i]`). */
  readonly fromPct: number[];
  readonly transfers: Transfer[];
  /** Agents whose target or capital changed, to be told. */
  readonly affected: string[];
}

/** A client order id the exchange accepts (36 characters at most), the same for the same signal. */
export function clientOrderId(agentId: string, signalId: string): string {
  return `o-${createHash('sha256').update(`${agentId}\n${signalId}`).digest('hex').slice(0, 32)}`;
}
