import type { Side } from '../config/roster.js';
import type { OrderRequest } from '../trading/broker.js';
import type { OrderIntent } from './engine-contract.js';
import type { Committed } from './pre-trade-risk.js';

export interface OpenOrder {
  readonly clientOrderId: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  /** Set for a quote (a resting limit order). */
  readonly limitPrice?: number;
  /** Cash a buy holds back until it fills or goes: its notional with room for fee and slippage. */
  readonly reservedUsd: number;
}

/**
 * Orders sent and not yet answered (a paper order waits for a later bar): what they commit of each
 * agent's cash and coins, and each agent's open quote per symbol and side, which a new quote replaces.
 */
export class OpenOrders {
  private readonly orders = new Map<string, OpenOrder>();

  add(order: OpenOrder): void {
    this.orders.set(order.clientOrderId, order);
  }

  /** Forgets an order (filled, rejected, cancelled); false when it was not open. */
  remove(clientOrderId: string): boolean {
    return this.orders.delete(clientOrderId);
  }

  committed(agentId: string, symbol: string): Committed {
    let cashUsd = 0;
    let quantity = 0;
    for (const o of this.orders.values()) {
      if (o.agentId !== agentId) continue;
      cashUsd += o.reservedUsd;
      if (o.side === 'sell' && o.symbol === symbol) quantity += o.quantity;
    }
    return { cashUsd, quantity };
  }

  committedCashUsd(agentId: string): number {
    let cashUsd = 0;
    for (const o of this.orders.values()) if (o.agentId === agentId) cashUsd += o.reservedUsd;
    return cashUsd;
  }

  /** The agent's open quote on this symbol and side, if any. */
  quote(agentId: string, symbol: string, side: Side): OpenOrder | undefined {
    for (const o of this.orders.values())
      if (
        o.limitPrice !== undefined &&
        o.agentId === agentId &&
        o.symbol === symbol &&
        o.side === side
      )
        return o;
    return undefined;
  }

  /** The agent's open orders. */
  of(agentId: string): OpenOrder[] {
    return [...this.orders.values()].filter((o) => o.agentId === agentId);
  }

  get size(): number {
    return this.orders.size;
  }
}

/**
 * What an order commits while it is open. A buy holds its notional at the limit (a quote) or at the mark
 * (a market order, which fills at the next open) with room for fee and slippage; a sell holds its coins.
 */
export function openOrder(
  order: OrderIntent,
  mark: number | undefined,
  costBufferBps: number,
): OpenOrder {
  const price = order.limitPrice ?? mark ?? 0;
  return {
    clientOrderId: order.clientOrderId,
    agentId: order.agentId,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    limitPrice: order.limitPrice,
    reservedUsd: order.side === 'buy' ? order.quantity * price * (1 + costBufferBps / 10_000) : 0,
  };
}

/** The broker's request for an order: a limit order when it carries a limit price, else market. */
export function orderRequest(order: OrderIntent): OrderRequest {
  const base = {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
  };
  return order.limitPrice === undefined
    ? base
    : { ...base, type: 'limit', limitPrice: order.limitPrice };
}
