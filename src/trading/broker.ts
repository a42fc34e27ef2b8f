import type { Side } from '../config/roster.js';

/**
 * `market`: fills at the venue's next price; `limit`: rests until the market trades through
 * `limitPrice`, then fills at that price as a maker.
 */
export type OrderType = 'market' | 'limit';

export interface OrderRequest {
  /** Unique per order, chosen by the caller, so a retried submission never doubles an order. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  /** In the base asset. */
  readonly quantity: number;
  /** `market` when absent. */
  readonly type?: OrderType;
  /** Required for a limit order: the worst price it accepts (a buy's most, a sell's least). */
  readonly limitPrice?: number;
}

export interface Fill {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
  readonly ts: number;
}

/** Port: where orders go. A broker knows nothing of agents or the portfolio. */
export abstract class Broker {
  abstract readonly mode: 'paper' | 'live';
  /**
   * True when an order's fill comes with a later bar (the paper broker: no fill at the price that
   * produced the signal), so a caller must not hold anything else back while it waits.
   */
  readonly fillsAtLaterBar: boolean = false;
  /** The promise resolves with the fill, or rejects (refused, cancelled). */
  abstract submit(order: OrderRequest): Promise<Fill>;

  /**
   * Withdraws an order that has not filled; its `submit` promise rejects. False when there is
   * nothing to withdraw (filled already, unknown, or a venue whose orders fill at once).
   */
  cancel(_clientOrderId: string, _reason: string): boolean {
    return false;
  }

  /** Withdraws every order still open (the market data ended); returns how many. */
  cancelOpenOrders(_reason: string): number {
    return 0;
  }
}
