import type { AgentLedger, PriceOf } from './agent-ledger.js';
import { MIN_ORDER_NOTIONAL_USD } from './order-sizer.js';

/** A sell the portfolio places on an agent's behalf: no signal of the agent's asked for it. */
export interface ReductionOrder {
  readonly agentId: string;
  readonly symbol: string;
  readonly side: 'sell';
  readonly quantity: number;
  /** Stands in for the signal id: names why, and makes the client order id unique and repeatable. */
  readonly origin: string;
  /** Why, for people: exported as the text of the signal the order traces to. */
  readonly reason: string;
}

/** Sells of everything the ledger holds: what a `flatten` breaker does to the ledgers in its scope. */
export function exitOrders(ledger: AgentLedger, origin: string, reason: string): ReductionOrder[] {
  const orders: ReductionOrder[] = [];
  for (const symbol of ledger.symbols()) {
    const quantity = ledger.quantity(symbol);
    if (quantity > 0)
      orders.push({ agentId: ledger.agentId, symbol, side: 'sell', quantity, origin, reason });
  }
  return orders;
}

/**
 * Sells of the same fraction of every position, enough to raise `amountUsd` of cash at the marks: how
 * capital is taken from an agent that holds too little cash to give it back. Positions too small to
 * sell a slice of are left alone.
 */
export function proRataReduction(
  ledger: AgentLedger,
  amountUsd: number,
  price: PriceOf,
  origin: string,
  reason: string,
): ReductionOrder[] {
  const exposure = ledger.exposureUsd(price);
  if (!(amountUsd > 0) || !(exposure > 0)) return [];
  const fraction = Math.min(1, amountUsd / exposure);
  const orders: ReductionOrder[] = [];
  for (const symbol of ledger.symbols()) {
    const mark = price(symbol);
    const quantity = ledger.quantity(symbol) * fraction;
    if (mark === undefined || quantity * mark < MIN_ORDER_NOTIONAL_USD) continue;
    orders.push({ agentId: ledger.agentId, symbol, side: 'sell', quantity, origin, reason });
  }
  return orders;
}
