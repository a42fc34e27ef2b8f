import type { Fill, OrderRequest } from './broker.js';
import type { Candle } from './candle.js';

export interface PaperFees {
  /** Charged on a market order's notional (it takes liquidity). */
  readonly takerBps: number;
  /** Charged on a limit order's notional (it rested and was taken). */
  readonly makerBps: number;
  /** How far a market order's price moves against it from the bar's open. */
  readonly slippageBps: number;
}

/**
 * The paper fill of one open order against one later bar, or undefined when that bar does not fill it.
 *
 * - Market: at the bar's open, moved against the taker by the slippage, paying the taker fee. The
 *   order was placed on an earlier bar's close, so this is the first price it could have met.
 * - Limit: only when the bar trades through the limit (a buy's low below it, a sell's high above it),
 *   at the limit price, paying the maker fee and no slippage. A bar that only touches the limit does
 *   not fill it: at the touch, orders queued ahead of ours take the volume there, and a backtest that
 *   counts touches books spread it would not have earned.
 */
export function paperFill(
  order: OrderRequest,
  bar: Candle,
  fees: PaperFees,
  ts: number,
): Fill | undefined {
  const direction = order.side === 'buy' ? 1 : -1;
  let price: number;
  let feeBps: number;
  if (order.type === 'limit') {
    const limit = order.limitPrice ?? NaN;
    const through = order.side === 'buy' ? bar.low < limit : bar.high > limit;
    if (!through) return undefined;
    price = limit;
    feeBps = fees.makerBps;
  } else {
    price = bar.open * (1 + (direction * fees.slippageBps) / 10_000);
    feeBps = fees.takerBps;
  }
  return {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    price,
    feeUsd: (price * order.quantity * feeBps) / 10_000,
    ts,
  };
}
