import type { Side } from '../config/roster.js';

export interface OrderRequest {
  /** Unique per order, chosen by the caller, so a retried submission never doubles an order. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  /** In the base asset. */
  readonly quantity: number;
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
  abstract submit(order: OrderRequest): Promise<Fill>;
}
