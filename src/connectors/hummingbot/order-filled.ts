import type { Side } from '../../config/roster.js';
import type { OrderFilledData, TradeFeeJson } from './hummingbot-wire.js';

/** Quote assets booked as US dollars. */
const USD_QUOTES = new Set(['USDT', 'USDC', 'USD', 'BUSD', 'FDUSD']);

export interface FillFigures {
  readonly symbol: string;
  readonly base: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
  /** Stable across re-deliveries of the same fill. */
  readonly key: string;
}

export type PriceOf = (symbol: string) => number | undefined;

/**
 * Reads an `OrderFilled` event into the figures a sub-ledger books, or says why it cannot: fees are
 * valued in USD at the fill's price (quote and base tokens) or at the market (any other token).
 */
export function readOrderFilled(
  data: Partial<OrderFilledData>,
  timestamp: number,
  priceOf: PriceOf,
): FillFigures | { readonly problem: string } {
  const pair = typeof data.trading_pair === 'string' ? data.trading_pair.split('-') : [];
  if (pair.length !== 2 || !pair[0] || !pair[1])
    return { problem: `trading_pair ${String(data.trading_pair)} is not BASE-QUOTE` };
  const [base, quote] = pair as [string, string];
  if (!USD_QUOTES.has(quote)) return { problem: `quote ${quote} is not a US dollar asset` };
  const side = sideOf(data.trade_type);
  if (!side) return { problem: `trade_type ${String(data.trade_type)} is neither buy nor sell` };
  const price = data.price;
  const quantity = data.amount;
  if (typeof price !== 'number' || !(price > 0) || typeof quantity !== 'number' || !(quantity > 0))
    return { problem: 'price and amount must be positive numbers' };
  if (typeof data.order_id !== 'string' || data.order_id === '')
    return { problem: 'order_id is missing' };
  const fee = feeUsd(data.trade_fee, { base, quote, price, quantity }, priceOf);
  if (typeof fee !== 'number') return fee;
  const trade = data.exchange_trade_id ? data.exchange_trade_id : `${timestamp}:${quantity}`;
  return {
    symbol: `${base}${quote === 'USD' ? 'USDT' : quote}`,
    base,
    side,
    quantity,
    price,
    feeUsd: fee,
    key: `${data.order_id}:${trade}`,
  };
}

/** `str(TradeType.BUY)` is `TradeType.BUY`; a bare `BUY` is read too. */
function sideOf(tradeType: unknown): Side | undefined {
  if (typeof tradeType !== 'string') return undefined;
  const name = tradeType.slice(tradeType.lastIndexOf('.') + 1).toUpperCase();
  return name === 'BUY' ? 'buy' : name === 'SELL' ? 'sell' : undefined;
}

function feeUsd(
  fee: TradeFeeJson | undefined,
  trade: { base: string; quote: string; price: number; quantity: number },
  priceOf: PriceOf,
): number | { readonly problem: string } {
  if (fee === undefined || fee === null) return 0;
  const percent = Number(fee.percent ?? 0);
  if (!Number.isFinite(percent) || percent < 0)
    return { problem: 'trade_fee.percent is not a number' };
  // A percentage fee is a share of the trade's value, whichever token it is taken in.
  let usd = percent * trade.price * trade.quantity;
  for (const flat of fee.flat_fees ?? []) {
    const amount = Number(flat.amount);
    if (!Number.isFinite(amount)) return { problem: `flat fee in ${flat.token} is not a number` };
    const unit =
      flat.token === trade.quote || USD_QUOTES.has(flat.token)
        ? 1
        : flat.token === trade.base
          ? trade.price
          : priceOf(`${flat.token}USDT`);
    if (unit === undefined) return { problem: `no price for the fee token ${flat.token}` };
    usd += amount * unit;
  }
  return usd;
}
