import type { Fill } from '../trading/broker.js';

/**
 * What the orchestrator did with one signal: filled (booked to the sender's sub-ledger), refused by
 * pre-trade risk or a breaker (with the reason), ignored (nothing to trade: a role that does not trade,
 * no price yet, a size of zero), rejected by the broker, or a repeat of a signal it already acted on.
 */
export type ExecutionDecision =
  | { readonly status: 'filled'; readonly clientOrderId: string; readonly fill: Fill }
  | { readonly status: 'refused'; readonly reason: string }
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'rejected'; readonly clientOrderId: string; readonly reason: string }
  | { readonly status: 'duplicate'; readonly clientOrderId: string };
