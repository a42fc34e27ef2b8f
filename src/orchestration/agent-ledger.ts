import type { Side } from '../config/roster.js';

export interface Position {
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number;
}

export interface LedgerFill {
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
}

export interface LedgerState {
  readonly agentId: string;
  readonly cashUsd: number;
  /** Capital the portfolio has handed the agent, net of what rebalancing took back. */
  readonly contributedUsd: number;
  readonly feesUsd: number;
  readonly realizedPnlUsd: number;
  /** Notional the agent has traded, both sides: the numerator of its turnover. */
  readonly tradedUsd: number;
  readonly positions: readonly Position[];
}

/** Quantities below this are dust left by float arithmetic, not a position. */
const DUST = 1e-12;

export type PriceOf = (symbol: string) => number | undefined;

/**
 * One agent's sub-ledger inside the shared account: its cash, positions at average cost, the fees it
 * paid and the PnL it realised. Long-only spot: a sell never exceeds what the agent holds.
 */
export class AgentLedger {
  readonly agentId: string;
  private cash: number;
  private contributed: number;
  private fees: number;
  private realized: number;
  private traded: number;
  private readonly positions = new Map<string, { quantity: number; averagePrice: number }>();

  constructor(state: LedgerState) {
    this.agentId = state.agentId;
    this.cash = state.cashUsd;
    this.contributed = state.contributedUsd;
    this.fees = state.feesUsd;
    this.realized = state.realizedPnlUsd;
    this.traded = state.tradedUsd;
    for (const p of state.positions)
      this.positions.set(p.symbol, { quantity: p.quantity, averagePrice: p.averagePrice });
  }

  static opening(agentId: string, cashUsd: number): AgentLedger {
    return new AgentLedger({
      agentId,
      cashUsd,
      contributedUsd: cashUsd,
      feesUsd: 0,
      realizedPnlUsd: 0,
      tradedUsd: 0,
      positions: [],
    });
  }

  get cashUsd(): number {
    return this.cash;
  }

  get contributedUsd(): number {
    return this.contributed;
  }

  quantity(symbol: string): number {
    return this.positions.get(symbol)?.quantity ?? 0;
  }

  symbols(): IterableIterator<string> {
    return this.positions.keys();
  }

  apply(fill: LedgerFill): void {
    const position = this.positions.get(fill.symbol) ?? { quantity: 0, averagePrice: 0 };
    const notional = fill.quantity * fill.price;
    if (fill.side === 'buy') {
      const quantity = position.quantity + fill.quantity;
      position.averagePrice = (position.quantity * position.averagePrice + notional) / quantity;
      position.quantity = quantity;
      this.cash -= notional + fill.feeUsd;
    } else {
      if (fill.quantity > position.quantity + DUST) {
        throw new Error(
          `${this.agentId} cannot sell ${fill.quantity} ${fill.symbol}: holds ${position.quantity}`,
        );
      }
      this.realized += (fill.price - position.averagePrice) * fill.quantity;
      position.quantity -= fill.quantity;
      this.cash += notional - fill.feeUsd;
    }
    this.fees += fill.feeUsd;
    this.traded += notional;
    if (position.quantity > DUST) this.positions.set(fill.symbol, position);
    else this.positions.delete(fill.symbol);
  }

  /** Moves capital in (positive) or out (negative); never takes more cash than the agent holds. */
  transfer(amountUsd: number): void {
    if (this.cash + amountUsd < -DUST) {
      throw new Error(`${this.agentId} cannot give up ${-amountUsd} USD: holds ${this.cash} cash`);
    }
    this.cash += amountUsd;
    this.contributed += amountUsd;
  }

  /** Market value of the positions at the given prices (a symbol with no price counts at cost). */
  exposureUsd(price: PriceOf): number {
    let total = 0;
    for (const [symbol, p] of this.positions)
      total += p.quantity * (price(symbol) ?? p.averagePrice);
    return total;
  }

  /** Market value of one symbol's position. */
  symbolExposureUsd(symbol: string, price: PriceOf): number {
    const p = this.positions.get(symbol);
    return p ? p.quantity * (price(symbol) ?? p.averagePrice) : 0;
  }

  unrealizedPnlUsd(price: PriceOf): number {
    let total = 0;
    for (const [symbol, p] of this.positions)
      total += p.quantity * ((price(symbol) ?? p.averagePrice) - p.averagePrice);
    return total;
  }

  equityUsd(price: PriceOf): number {
    return this.cash + this.exposureUsd(price);
  }

  /** Everything the agent made or lost with the capital it was given, fees included. */
  pnlUsd(price: PriceOf): number {
    return this.equityUsd(price) - this.contributed;
  }

  snapshot(): LedgerState {
    return {
      agentId: this.agentId,
      cashUsd: this.cash,
      contributedUsd: this.contributed,
      feesUsd: this.fees,
      realizedPnlUsd: this.realized,
      tradedUsd: this.traded,
      positions: [...this.positions]
        .map(([symbol, p]) => ({ symbol, ...p }))
        .sort((a, b) => a.symbol.localeCompare(b.symbol)),
    };
  }
}
