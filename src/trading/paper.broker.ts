import type { Clock } from '../platform/clock.js';
import { Broker, type Fill, type OrderRequest } from './broker.js';
import type { MarketTick } from './candle.js';
import type { MarketDataFeed } from './market-data.feed.js';
import { paperFill, type PaperFees } from './paper-fill.model.js';
import { TradingError, TradingErrorCode } from './trading.error.js';

/** Told when fills or cancellations were handed over, so their takers run before the bar counts as settled. */
export type HandedOver = () => void;

interface OpenOrder {
  readonly order: OrderRequest;
  /** Market time it was placed: only a bar closing after it may fill it. */
  readonly placedAt: number;
  readonly fill: (fill: Fill) => void;
  readonly cancel: (error: TradingError) => void;
}

/**
 * Paper execution without look-ahead. An order placed while bar t is handled waits for a later bar:
 * a market order fills at bar t+1's open (plus slippage, taker fee); a limit order rests until a bar
 * trades through its price (maker fee). Each bar fills the open orders first, before any other reader
 * sees it (`MarketDataFeed.onTickFirst`), in the order they were placed; the `submit` promises resolve
 * then, stamped with that bar's market time. Open orders live in memory only: a restart cancels them
 * (the portfolio marks them abandoned). Nothing leaves the process.
 */
export class PaperBroker extends Broker {
  readonly mode = 'paper' as const;
  override readonly fillsAtLaterBar = true;
  private readonly open = new Map<string, OpenOrder>();

  constructor(
    private readonly feed: MarketDataFeed,
    private readonly clock: Clock,
    private readonly fees: PaperFees,
    private readonly handedOver: HandedOver = () => undefined,
  ) {
    super();
    feed.onTickFirst((tick) => this.onBar(tick));
  }

  /** Orders waiting for a bar. */
  get openOrders(): number {
    return this.open.size;
  }

  submit(order: OrderRequest): Promise<Fill> {
    const invalid = this.invalid(order);
    if (invalid) return Promise.reject(invalid);
    return new Promise<Fill>((fill, cancel) => {
      this.open.set(order.clientOrderId, {
        order: { ...order, type: order.type ?? 'market' },
        placedAt: this.clock.now(),
        fill,
        cancel,
      });
    });
  }

  override cancel(clientOrderId: string, reason: string): boolean {
    const open = this.open.get(clientOrderId);
    if (!open) return false;
    this.open.delete(clientOrderId);
    open.cancel(new TradingError(TradingErrorCode.Cancelled, `cancelled: ${reason}`));
    this.handedOver();
    return true;
  }

  override cancelOpenOrders(reason: string): number {
    const ids = [...this.open.keys()];
    for (const id of ids) this.cancel(id, reason);
    return ids.length;
  }

  private onBar(tick: MarketTick): void {
    const now = this.clock.now();
    let filled = 0;
    for (const [id, open] of this.open) {
      if (open.placedAt >= now) continue;
      const bar = tick.find((candle) => candle.symbol === open.order.symbol);
      const fill = bar && paperFill(open.order, bar, this.fees, now);
      if (!fill) continue;
      this.open.delete(id);
      open.fill(fill);
      filled += 1;
    }
    if (filled > 0) this.handedOver();
  }

  private invalid(order: OrderRequest): TradingError | undefined {
    if (!(order.quantity > 0) || !Number.isFinite(order.quantity))
      return new TradingError(
        TradingErrorCode.InvalidOrder,
        `quantity must be positive, got ${order.quantity}`,
      );
    if (this.open.has(order.clientOrderId))
      return new TradingError(
        TradingErrorCode.InvalidOrder,
        `order ${order.clientOrderId} is open already`,
      );
    if (order.type === 'limit') {
      const limit = order.limitPrice;
      if (limit === undefined || !(limit > 0) || !Number.isFinite(limit))
        return new TradingError(
          TradingErrorCode.InvalidOrder,
          `a limit order needs a positive limitPrice, got ${limit}`,
        );
      return undefined;
    }
    if (this.feed.lastPrice(order.symbol) === undefined)
      return new TradingError(TradingErrorCode.NoPrice, `no price yet for ${order.symbol}`);
    return undefined;
  }
}
