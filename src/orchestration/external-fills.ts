import type { Side } from '../config/roster.js';
import type { BreakerState } from './drawdown-breaker.js';

/** A fill a bot outside the process made on its own, in its real price and fee. */
export interface ExternalFill {
  readonly agentId: string;
  /** Unique per fill, stable across re-deliveries: booking the same id twice books it once. */
  readonly fillId: string;
  readonly symbol: string;
  readonly side: Side;
  /** In the base asset. */
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
}

export type ExternalFillOutcome =
  | { readonly status: 'booked' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'refused'; readonly reason: string };

/** What an outside bot may spend: its allocation, the cash in its sub-ledger and what it holds. */
export interface ExternalBudget {
  readonly capitalUsd: number;
  readonly cashUsd: number;
  /** Base quantity held, by symbol (`BTCUSDT`). */
  readonly holdings: ReadonlyMap<string, number>;
}

/**
 * Port: the portfolio as a connector to an outside bot sees it. Fills are booked to the bot's
 * sub-ledger; the breaker that governs the bot is the stricter of the portfolio's and its own.
 */
export abstract class ExternalFills {
  abstract book(fill: ExternalFill): ExternalFillOutcome;
  abstract breakerOf(agentId: string): BreakerState;
  /**
   * A breaker governing the agent tripped in BREAKER_MODE=flatten and flattened its scope: the bot is to
   * close its positions itself (the portfolio sells none of a self-executing agent's).
   */
  abstract flattens(agentId: string): boolean;
  abstract budgetOf(agentId: string): ExternalBudget;
  /** Market-time price of a symbol, undefined before its first bar. */
  abstract priceOf(symbol: string): number | undefined;
  abstract halt(agentId: string, reason: string): void;
}
