import type { Clock } from '../platform/clock.js';
import { Broker, type Fill, type OrderRequest } from './broker.js';
import type { MarketDataFeed } from './market-data.feed.js';
import { TradingError, TradingErrorCode } from './trading.error.js';

/**
 * Fills every order at once against the feed's last price, moved against the taker by the slippage,
 * and charges a taker fee on the notional. Nothing leaves the process.
 */
export class PaperBroker extends Broker {
  readonly mode = 'paper' as const;

  constructor(
    private readonly feed: MarketDataFeed,
    private readonly clock: Clock,
    private readonly feeBps: number,
    private readonly slippageBps: number,
  ) {
    super();
  }

  submit(order: OrderRequest): Promise<Fill> {
    if (!(order.quantity > 0) || !Number.isFinite(order.quantity)) {
      return Promise.reject(
        new TradingError(
          TradingErrorCode.InvalidOrder,
          `quantity must be positive, got ${order.quantity}`,
        ),
      );
    }
    const last = this.feed.lastPrice(order.symbol);
    if (last === undefined) {
      return Promise.reject(
        new TradingError(TradingErrorCode.NoPrice, `no price yet for ${order.symbol}`),
      );
    }
    const direction = order.side === 'buy' ? 1 : -1;
    const price = last * (1 + (direction * this.slippageBps) / 10_000);
    return Promise.resolve({
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      price,
      feeUsd: (price * order.quantity * this.feeBps) / 10_000,
      ts: this.clock.now(),
    });
  }
}
