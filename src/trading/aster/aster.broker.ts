import type { WallClock } from '../../platform/clock.js';
import { Broker, type Fill, type OrderRequest } from '../broker.js';
import type { AccountStatus } from '../trading-venue.js';
import { AsterBrokerError, AsterBrokerErrorCode } from './aster-broker.error.js';
import type { AsterEndpoints } from './aster-endpoints.js';
import type { AsterHttpClient } from './aster-http.client.js';
import {
  AsterApiError,
  AsterTransportError,
  AsterUnavailableError,
  NO_SUCH_ORDER,
} from './aster.error.js';
import type { AsterAccount } from './aster.account.js';
import type { Params } from './aster.signer.js';
import { conformMarketOrder } from './exchange-rules.js';
import type { AsterFeed } from './aster.feed.js';
import { FillCollector } from './fill-collector.js';
import {
  describeDifference,
  reconcile,
  type AccountState,
  type Reconciliation,
} from '../account-reconciliation.js';
import type { OrderTradeUpdate, UserDataStream } from './user-data.stream.js';
import { type CancelTimer, SystemTimers, type Timers } from '../../platform/timers.js';

/** `unreconciled` until orchestration reconciles at start; `refusing` after a mismatch; `halted` after a 418. */
export type LiveTradingState = Exclude<AccountStatus, 'paper'>;

export interface AsterBrokerOptions {
  /** Attempts per order across 429 pauses and 503 checks; a retry reuses the client order id. */
  readonly maxAttempts: number;
  /** How long to wait for the user-data stream's fill before asking the REST API. */
  readonly fillTimeoutMs: number;
  /** Fee charged when the fill had to be read from REST, which does not report commissions. */
  readonly takerFeeBps: number;
  readonly onAlert: (message: string) => void;
  /** Pauses and the fill timeout run on real time. */
  readonly timers?: Timers;
}

interface OrderResponse {
  readonly clientOrderId: string;
  readonly status: string;
  readonly executedQty: string;
  readonly avgPrice: string;
  readonly updateTime: number;
}

/**
 * Live orders on Aster. Every order is a MARKET order conformed to the symbol's filters before it is
 * sent, carries the caller's client order id, and is retried only when the exchange surely does not
 * hold it: after a 429 pause, or after a 503 when a query by client order id finds nothing. Fills come
 * from the user-data stream.
 */
export class AsterBroker extends Broker {
  readonly mode = 'live' as const;
  private current: LiveTradingState = 'unreconciled';
  private lastReconciliation: Reconciliation | undefined;
  private readonly fills = new FillCollector();
  private readonly timers: Timers;

  constructor(
    private readonly http: AsterHttpClient,
    private readonly endpoints: AsterEndpoints,
    private readonly feed: AsterFeed,
    private readonly account: AsterAccount,
    private readonly userStream: UserDataStream,
    private readonly clock: WallClock,
    private readonly options: AsterBrokerOptions,
  ) {
    super();
    this.timers = options.timers ?? new SystemTimers();
    userStream.onOrderUpdate((update) => this.onOrderUpdate(update));
  }

  /** Opens the user-data stream; fills of orders sent before it is open could be missed. */
  async open(): Promise<void> {
    await this.userStream.start();
  }

  close(): void {
    this.userStream.stop();
  }

  get state(): LiveTradingState {
    return this.http.state === 'banned' ? 'halted' : this.current;
  }

  get reconciliation(): Reconciliation | undefined {
    return this.lastReconciliation;
  }

  async reconcile(expected: AccountState): Promise<Reconciliation> {
    const actual = await this.account.state();
    const result = reconcile(expected, actual, (symbol) => {
      const step = Number(this.feed.rules(symbol)?.lot.stepSize ?? 0);
      return step > 0 ? step / 2 : 1e-9;
    });
    this.lastReconciliation = result;
    if (this.current !== 'halted') this.current = result.matches ? 'ready' : 'refusing';
    if (!result.matches) {
      this.options.onAlert(
        `live trading refused until an operator resolves: ${result.differences.map(describeDifference).join('; ')}`,
      );
    }
    return result;
  }

  acceptExchangeState(operator: string): void {
    if (this.state === 'halted') return;
    this.current = 'ready';
    this.options.onAlert(
      `${operator} accepted the exchange's positions and orders; trading resumes`,
    );
  }

  async submit(order: OrderRequest): Promise<Fill> {
    this.assertMayTrade();
    const params = this.orderParams(order);
    const filled = this.fills.expect(order.clientOrderId);
    filled.catch(() => undefined);
    let placed: OrderResponse;
    try {
      placed = await this.place(order, params);
    } catch (error) {
      this.fills.forget(order.clientOrderId);
      throw error;
    }
    return this.awaitFill(order, filled, placed);
  }

  private onOrderUpdate(update: OrderTradeUpdate): void {
    if (/^(autoclose-|adl_autoclose)/.test(update.c)) {
      // The exchange closed a position itself (liquidation or auto-deleveraging): the ledgers no
      // longer match it, so stop until reconciled again.
      if (this.current === 'ready') this.current = 'refusing';
      this.options.onAlert(
        `Aster ${update.c.startsWith('adl') ? 'auto-deleveraged' : 'liquidated'} ${update.s} (${update.S} ${update.q}); live trading refused until reconciled`,
      );
      return;
    }
    this.fills.apply(update);
  }

  private assertMayTrade(): void {
    const state = this.state;
    if (state === 'halted')
      throw new AsterBrokerError(
        AsterBrokerErrorCode.Halted,
        'live trading is halted (Aster banned this IP)',
      );
    if (state !== 'ready')
      throw new AsterBrokerError(
        AsterBrokerErrorCode.NotReconciled,
        state === 'refusing'
          ? 'the exchange disagrees with the ledgers; an operator must resolve it'
          : 'positions and open orders have not been reconciled with the exchange yet',
      );
  }

  private orderParams(order: OrderRequest): Params {
    const rules = this.feed.rules(order.symbol);
    if (!rules)
      throw new AsterBrokerError(
        AsterBrokerErrorCode.Rejected,
        `${order.symbol} is not listed on Aster`,
      );
    const reference = this.feed.markPrice(order.symbol) ?? this.feed.lastPrice(order.symbol);
    if (reference === undefined)
      throw new AsterBrokerError(AsterBrokerErrorCode.Rejected, `no price yet for ${order.symbol}`);
    const checked = conformMarketOrder(rules, order.quantity, reference);
    if (!checked.ok) throw new AsterBrokerError(AsterBrokerErrorCode.Rejected, checked.reason);
    return [
      ['symbol', order.symbol],
      ['side', order.side === 'buy' ? 'BUY' : 'SELL'],
      ['type', 'MARKET'],
      ['quantity', checked.quantity],
      ['newClientOrderId', order.clientOrderId],
      ['newOrderRespType', 'RESULT'],
    ];
  }

  private async place(order: OrderRequest, params: Params): Promise<OrderResponse> {
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      try {
        return await this.http.request<OrderResponse>(
          'POST',
          this.endpoints.order,
          params,
          'signed',
          1,
        );
      } catch (error) {
        if (this.http.state === 'banned') {
          this.current = 'halted';
          throw new AsterBrokerError(AsterBrokerErrorCode.Halted, (error as Error).message);
        }
        if (isRateLimited(error)) {
          await this.timers.sleep(this.http.backoffRemainingMs);
          continue;
        }
        // A 503, or a connection that broke after the request left: the order may exist.
        if (
          (error instanceof AsterApiError && error.stateUnknown) ||
          error instanceof AsterTransportError
        ) {
          const existing = await this.query(order);
          if (existing) return existing;
          continue;
        }
        if (error instanceof AsterApiError && error.status >= 400 && error.status < 500)
          throw new AsterBrokerError(AsterBrokerErrorCode.Rejected, error.message);
        throw error;
      }
    }
    throw new AsterBrokerError(
      AsterBrokerErrorCode.Unavailable,
      `order ${order.clientOrderId} not placed after ${this.options.maxAttempts} attempts`,
    );
  }

  /**
   * The order by its client order id; undefined only when the exchange says it has no such order, the
   * one answer that makes a retry safe. Any other failure leaves the state unknown, so we stop.
   */
  private async query(order: OrderRequest): Promise<OrderResponse | undefined> {
    try {
      return await this.http.request<OrderResponse>(
        'GET',
        this.endpoints.order,
        [
          ['symbol', order.symbol],
          ['origClientOrderId', order.clientOrderId],
        ],
        'signed',
        1,
      );
    } catch (error) {
      if (error instanceof AsterApiError && error.code === NO_SUCH_ORDER) return undefined;
      throw new AsterBrokerError(
        AsterBrokerErrorCode.StateUnknown,
        `order ${order.clientOrderId} may be on the exchange and could not be checked: ${(error as Error).message}`,
      );
    }
  }

  private async awaitFill(
    order: OrderRequest,
    filled: Promise<Fill>,
    placed: OrderResponse,
  ): Promise<Fill> {
    let cancel: CancelTimer | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      cancel = this.timers.after(this.options.fillTimeoutMs, () => resolve(undefined));
    });
    try {
      const fill = await Promise.race([filled, timeout]);
      if (fill) return fill;
    } finally {
      cancel?.();
    }
    this.fills.forget(order.clientOrderId);
    const latest = placed.status === 'FILLED' ? placed : await this.query(order);
    const quantity = Number(latest?.executedQty ?? 0);
    if (!latest || quantity <= 0)
      throw new AsterBrokerError(
        AsterBrokerErrorCode.StateUnknown,
        `order ${order.clientOrderId} reported no fill (${latest?.status ?? 'not found'})`,
      );
    const price = Number(latest.avgPrice);
    return {
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      quantity,
      price,
      feeUsd: (price * quantity * this.options.takerFeeBps) / 10_000,
      ts: latest.updateTime || this.clock.now(),
    };
  }
}

function isRateLimited(error: unknown): boolean {
  return (
    (error instanceof AsterApiError && error.status === 429) ||
    (error instanceof AsterUnavailableError && error.reason === 'rate-limited')
  );
}
