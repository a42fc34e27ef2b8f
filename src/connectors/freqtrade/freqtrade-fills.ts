import type { Fill } from '../../trading/broker.js';
import { symbolOfPair } from './freqtrade-pairs.js';
import type { FreqtradeOrder, FreqtradeTrade } from './freqtrade-protocol.js';

/**
 * The fills of one Freqtrade trade as the team books them: one per filled order, at the order's average
 * price (`safe_price`), with the fee the trade's own rate charges on it (`fee_open` on the entry side,
 * `fee_close` on the exit side: what Freqtrade itself uses for the trade's profit). The order id keys
 * the fill, so hearing of a trade twice books nothing twice.
 */
export function fillsOfTrade(trade: FreqtradeTrade, ts: number): Fill[] {
  const symbol = symbolOfPair(trade.pair);
  if (symbol === undefined) return [];
  const entrySide = trade.is_short ? 'sell' : 'buy';
  return trade.orders.filter(isFilled).map((order) => {
    const quantity = order.filled ?? order.amount;
    const side = order.ft_order_side === 'sell' ? 'sell' : 'buy';
    const rate = (side === entrySide ? trade.fee_open : trade.fee_close) ?? 0;
    return {
      clientOrderId: fillIdOf(trade.trade_id, order.order_id),
      symbol,
      side,
      quantity,
      price: order.safe_price,
      feeUsd: quantity * order.safe_price * rate,
      ts,
    };
  });
}

export function fillIdOf(tradeId: number, orderId: string): string {
  return `ft-${tradeId}-${orderId}`;
}

function isFilled(order: FreqtradeOrder): boolean {
  // A cancelled order keeps what it filled before the cancel.
  return !order.is_open && (order.filled ?? order.amount) > 0;
}

/** The bot's open position per symbol (longs positive), from its open trades. */
export function openPositions(trades: readonly FreqtradeTrade[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const trade of trades) {
    if (!trade.is_open) continue;
    const symbol = symbolOfPair(trade.pair);
    if (symbol === undefined) continue;
    const signed = trade.is_short ? -trade.amount : trade.amount;
    positions.set(symbol, (positions.get(symbol) ?? 0) + signed);
  }
  return positions;
}
