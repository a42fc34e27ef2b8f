import type { Fill } from '../broker.js';
import type { OrderTradeUpdate } from './user-data.stream.js';

interface Execution {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly tradeIds: Set<number>;
  quantity: number;
  notional: number;
  feeUsd: number;
  lastTradeTime: number;
  ordered: number;
  done: boolean;
}

interface Waiter {
  readonly resolve: (fill: Fill) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Builds fills from ORDER_TRADE_UPDATE events. Events may arrive out of order, so trades are summed by
 * trade id and an order counts as filled when its traded quantity reaches the ordered one, whatever
 * order the status events came in.
 */
export class FillCollector {
  private readonly executions = new Map<string, Execution>();
  private readonly waiters = new Map<string, Waiter>();

  /** Registered before the order is sent, so an instant fill cannot slip past. */
  expect(clientOrderId: string): Promise<Fill> {
    return new Promise<Fill>((resolve, reject) => {
      this.waiters.set(clientOrderId, { resolve, reject });
      this.settle(clientOrderId);
    });
  }

  forget(clientOrderId: string): void {
    this.waiters.delete(clientOrderId);
    this.executions.delete(clientOrderId);
  }

  apply(update: OrderTradeUpdate): void {
    // Only orders someone waits for: the stream also carries manual orders and liquidations.
    if (!this.waiters.has(update.c)) return;
    const execution = this.executions.get(update.c) ?? {
      symbol: update.s,
      side: update.S === 'SELL' ? ('sell' as const) : ('buy' as const),
      tradeIds: new Set<number>(),
      quantity: 0,
      notional: 0,
      feeUsd: 0,
      lastTradeTime: 0,
      ordered: Number(update.q),
      done: false,
    };
    this.executions.set(update.c, execution);
    if (update.x === 'TRADE' && !execution.tradeIds.has(update.t)) {
      execution.tradeIds.add(update.t);
      const quantity = Number(update.l);
      execution.quantity += quantity;
      execution.notional += quantity * Number(update.L);
      execution.feeUsd += Number(update.n ?? 0);
      execution.lastTradeTime = Math.max(execution.lastTradeTime, update.T);
    }
    if (['CANCELED', 'EXPIRED', 'REJECTED'].includes(update.X)) execution.done = true;
    this.settle(update.c);
  }

  private settle(clientOrderId: string): void {
    const waiter = this.waiters.get(clientOrderId);
    const execution = this.executions.get(clientOrderId);
    if (!waiter || !execution) return;
    const filled = execution.quantity >= execution.ordered * (1 - 1e-9);
    if (!filled && !execution.done) return;
    this.forget(clientOrderId);
    if (execution.quantity <= 0) {
      waiter.reject(new Error(`order ${clientOrderId} ended without a fill`));
      return;
    }
    waiter.resolve({
      clientOrderId,
      symbol: execution.symbol,
      side: execution.side,
      quantity: execution.quantity,
      price: execution.notional / execution.quantity,
      feeUsd: execution.feeUsd,
      ts: execution.lastTradeTime,
    });
  }
}
