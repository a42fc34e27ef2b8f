import type { Side } from '../config/roster.js';

export interface AccountFill {
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
}

/**
 * The one account as the exchange sees it: total cash and total holdings, with no idea which agent did
 * what. The agents' sub-ledgers (plus the reserve) must always add up to it.
 */
export class AccountBook {
  private cash: number;
  private readonly holdings = new Map<string, number>();

  constructor(cashUsd: number, holdings: Readonly<Record<string, number>> = {}) {
    this.cash = cashUsd;
    for (const [symbol, quantity] of Object.entries(holdings)) this.holdings.set(symbol, quantity);
  }

  get cashUsd(): number {
    return this.cash;
  }

  quantity(symbol: string): number {
    return this.holdings.get(symbol) ?? 0;
  }

  symbols(): IterableIterator<string> {
    return this.holdings.keys();
  }

  apply(fill: AccountFill): void {
    const notional = fill.quantity * fill.price;
    const sign = fill.side === 'buy' ? 1 : -1;
    this.cash -= sign * notional + fill.feeUsd;
    this.holdings.set(fill.symbol, this.quantity(fill.symbol) + sign * fill.quantity);
  }
}
