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
  readonly feesUsd: number;
  readonly realizedPnlUsd: number;
  readonly positions: readonly Position[];
}

/** Quantities below this are dust left by float arithmetic, not a position. */
const DUST = 1e-12;

/**
 * One agent's sub-ledger inside the shared account: its cash, positions at average cost, the fees it
 * paid and the PnL it realised. Long-only spot: a sell never exceeds what the agent holds.
 */
export class AgentLedger {
  private cash: number;
  private fees: number;
  private realized: number;
  private readonly positions = new Map<string, { quantity: number; averagePrice: number }>();

  constructor(state: LedgerState) {
    this.agentId = state.agentId;
    this.cash = state.cashUsd;
    this.fees = state.feesUsd;
    this.realized = state.realizedPnlUsd;
    for (const p of state.positions)
      this.positions.set(p.symbol, { quantity: p.quantity, averagePrice: p.averagePrice });
  }

  readonly agentId: string;

  static opening(agentId: string, cashUsd: number): AgentLedger {
    return new AgentLedger({ agentId, cashUsd, feesUsd: 0, realizedPnlUsd: 0, positions: [] });
  }

  get cashUsd(): number {
    return this.cash;
  }

  quantity(symbol: string): number {
    return this.positions.get(symbol)?.quantity ?? 0;
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
    if (position.quantity > DUST) this.positions.set(fill.symbol, position);
    else this.positions.delete(fill.symbol);
  }

  /** Market value of the positions at the given prices (a symbol with no price counts at cost). */
  exposureUsd(price: (symbol: string) => number | undefined): number {
    let total = 0;
    for (const [symbol, p] of this.positions)
      total += p.quantity * (price(symbol) ?? p.averagePrice);
    return total;
  }

  unrealizedPnlUsd(price: (symbol: string) => number | undefined): number {
    let total = 0;
    for (const [symbol, p] of this.positions)
      total += p.quantity * ((price(symbol) ?? p.averagePrice) - p.averagePrice);
    return total;
  }

  equityUsd(price: (symbol: string) => number | undefined): number {
    return this.cash + this.exposureUsd(price);
  }

  snapshot(): LedgerState {
    return {
      agentId: this.agentId,
      cashUsd: this.cash,
      feesUsd: this.fees,
      realizedPnlUsd: this.realized,
      positions: [...this.positions].map(([symbol, p]) => ({ symbol, ...p })),
    };
  }
}
