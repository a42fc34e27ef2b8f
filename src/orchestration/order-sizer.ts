import type { Side } from '../config/roster.js';

/** Orders smaller than this are not worth their fee. */
export const MIN_ORDER_NOTIONAL_USD = 10;

export interface SizingInput {
  readonly side: Side;
  readonly confidence: number;
  readonly price: number;
  readonly capitalUsd: number;
  readonly maxOrderFraction: number;
  readonly cashUsd: number;
  readonly heldQuantity: number;
  readonly feeBps: number;
}

/**
 * How much of a signal to trade: a fraction of the agent's capital scaled by its confidence, never more
 * than its cash (with room for the fee) on a buy, never more than it holds on a sell. Returns 0 when the
 * order would be too small to be worth it.
 */
export function sizeOrder(input: SizingInput): number {
  const confidence = Math.min(Math.max(input.confidence, 0), 1);
  const wanted = input.capitalUsd * input.maxOrderFraction * confidence;
  const affordable =
    input.side === 'buy'
      ? Math.min(wanted, input.cashUsd / (1 + input.feeBps / 10_000))
      : Math.min(wanted, input.heldQuantity * input.price);
  if (affordable < MIN_ORDER_NOTIONAL_USD) return 0;
  return input.side === 'sell' && affordable >= input.heldQuantity * input.price
    ? input.heldQuantity
    : affordable / input.price;
}
