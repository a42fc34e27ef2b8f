import type { Side } from '../config/roster.js';
import type { AgentLedger, PriceOf } from './agent-ledger.js';
import type { BreakerState } from './drawdown-breaker.js';
import { MIN_ORDER_NOTIONAL_USD } from './order-sizer.js';

export interface RiskLimits {
  /** Market value of all positions, across agents, as a share of portfolio equity. */
  readonly maxGrossExposurePct: number;
  /** Market value of one symbol, across agents, as a share of portfolio equity. */
  readonly maxSymbolExposurePct: number;
  /** Orders one agent may place in any 60 s. */
  readonly maxOrdersPerMinute: number;
  /** Fee plus slippage the check assumes a fill will cost on top of the mark, in basis points. */
  readonly costBufferBps: number;
}

export interface OrderProposal {
  readonly agentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
}

export interface RiskContext {
  readonly agent: AgentLedger;
  readonly ledgers: Iterable<AgentLedger>;
  /** Cash outside every agent's ledger. */
  readonly reserveUsd: number;
  readonly price: PriceOf;
  /** The stricter of the agent's and the portfolio's breaker. */
  readonly breaker: BreakerState;
  readonly now: number;
  /** What the agent's open orders already commit: cash for buys, this symbol's quantity for sells. */
  readonly committed?: Committed;
}

export interface Committed {
  readonly cashUsd: number;
  readonly quantity: number;
}

export type RiskDecision =
  | { readonly approved: true; readonly quantity: number; readonly limitedBy?: string }
  | { readonly approved: false; readonly reason: string };

const MINUTE_MS = 60_000;

/**
 * The checks every order passes before it is sent: breakers, the agent's own cash (its capital), the
 * order rate, and — for orders that add exposure — the per-symbol concentration across agents and the
 * portfolio's gross exposure. An order that would break a limit is cut down to fit, or refused when
 * what fits is too small to trade.
 */
export class PreTradeRiskCheck {
  private readonly orderTimes = new Map<string, number[]>();

  constructor(readonly limits: RiskLimits) {}

  check(order: OrderProposal, ctx: RiskContext): RiskDecision {
    const mark = ctx.price(order.symbol);
    if (mark === undefined || !(mark > 0)) return refuse(`no price for ${order.symbol}`);
    if (!(order.quantity > 0)) return refuse('nothing to trade');
    // Spot ledgers are long only: a buy is new risk, a sell of what is held cuts it. A tripped breaker
    // stops the first and lets the second through, so a loss can still be cut.
    if (ctx.breaker === 'halted' && order.side === 'buy')
      return refuse('trading is halted by a breaker: only orders that cut exposure pass');
    if (ctx.breaker === 'reduce-only' && order.side === 'buy')
      return refuse('reduce-only: a breaker allows only orders that cut exposure');
    if (this.recentOrders(order.agentId, ctx.now) >= this.limits.maxOrdersPerMinute)
      return refuse(`order rate: ${this.limits.maxOrdersPerMinute} orders a minute`);
    if (order.side === 'sell') {
      const held = ctx.agent.quantity(order.symbol) - (ctx.committed?.quantity ?? 0);
      return held > 0
        ? { approved: true, quantity: Math.min(order.quantity, held) }
        : refuse(`holds no ${order.symbol}`);
    }
    return this.checkBuy(order, mark, ctx);
  }

  /** Counts an order that was sent, for the rate limit. */
  recordOrder(agentId: string, now: number): void {
    const times = this.orderTimes.get(agentId) ?? [];
    times.push(now);
    this.orderTimes.set(agentId, times);
  }

  private recentOrders(agentId: string, now: number): number {
    const times = this.orderTimes.get(agentId);
    if (!times) return 0;
    while (times.length > 0 && times[0] <= now - MINUTE_MS) times.shift();
    return times.length;
  }

  private checkBuy(order: OrderProposal, mark: number, ctx: RiskContext): RiskDecision {
    const cost = this.limits.costBufferBps / 10_000;
    let equity = ctx.reserveUsd;
    let gross = 0;
    let symbol = 0;
    for (const ledger of ctx.ledgers) {
      equity += ledger.equityUsd(ctx.price);
      gross += ledger.exposureUsd(ctx.price);
      symbol += ledger.symbolExposureUsd(order.symbol, ctx.price);
    }
    // Each dollar bought costs `cost` in fees and slippage, which lowers equity and so the room left.
    const room = (limitPct: number, used: number) =>
      (equity * (limitPct / 100) - used) / (1 + (limitPct / 100) * cost);
    const caps: [string, number][] = [
      ['agent capital', (ctx.agent.cashUsd - (ctx.committed?.cashUsd ?? 0)) / (1 + cost)],
      ['symbol concentration', room(this.limits.maxSymbolExposurePct, symbol)],
      ['gross exposure', room(this.limits.maxGrossExposurePct, gross)],
    ];
    let notional = order.quantity * mark;
    let limitedBy: string | undefined;
    for (const [name, cap] of caps) {
      if (cap < notional) {
        notional = cap;
        limitedBy = name;
      }
    }
    if (notional < MIN_ORDER_NOTIONAL_USD) return refuse(`${limitedBy ?? 'size'} limit reached`);
    // A hair under the cap, so rounding in quantity × price never lands a fraction of a cent above it.
    return limitedBy
      ? { approved: true, quantity: (notional * (1 - 1e-9)) / mark, limitedBy }
      : { approved: true, quantity: order.quantity };
  }
}

function refuse(reason: string): RiskDecision {
  return { approved: false, reason };
}
