import type { ExternalBudget } from '../../orchestration/external-fills.js';
import type { FillFigures } from './order-filled.js';

/** The quote asset of every symbol the roster trades. */
export const QUOTE_ASSET = 'USDT';

export interface BalanceLimit {
  readonly asset: string;
  readonly amount: number;
}

/**
 * The `balance_limit`s that hold a bot to its sub-ledger. Hummingbot lets a bot spend `limit −
 * in-flight + filled since it started`, so it keeps count of its own fills; the limit is therefore the
 * sub-ledger's cash (USDT) and holdings (each base asset) less what the bot's fills did to them since
 * it came online. Fills alone leave the limits as they are; a rebalance that moves capital into or
 * out of the sub-ledger changes them and they are sent again.
 */
export class BalanceLimits {
  /** Net change each fill since the bot came online made to an asset, as the sub-ledger booked it. */
  private readonly sinceOnline = new Map<string, number>();
  private readonly sent = new Map<string, number>();

  constructor(private readonly baseAssets: readonly string[]) {}

  /** The bot (re)started: its own count of fills starts again, and every limit is sent afresh. */
  restart(): void {
    this.sinceOnline.clear();
    this.sent.clear();
  }

  booked(fill: FillFigures): void {
    const sign = fill.side === 'buy' ? 1 : -1;
    const cash = -sign * fill.price * fill.quantity - fill.feeUsd;
    this.add(QUOTE_ASSET, cash);
    this.add(fill.base, sign * fill.quantity);
  }

  /** The limits that differ from the ones last sent. */
  due(budget: ExternalBudget): BalanceLimit[] {
    const wanted: BalanceLimit[] = [
      { asset: QUOTE_ASSET, amount: floorTo(budget.cashUsd - this.net(QUOTE_ASSET), 2) },
      ...this.baseAssets.map((asset) => ({
        asset,
        amount: floorTo((budget.holdings.get(`${asset}${QUOTE_ASSET}`) ?? 0) - this.net(asset), 8),
      })),
    ];
    return wanted.filter((l) => this.sent.get(l.asset) !== l.amount);
  }

  /** The bot accepted a limit. */
  accepted(limit: BalanceLimit): void {
    this.sent.set(limit.asset, limit.amount);
  }

  private net(asset: string): number {
    return this.sinceOnline.get(asset) ?? 0;
  }

  private add(asset: string, amount: number): void {
    this.sinceOnline.set(asset, this.net(asset) + amount);
  }
}

/** Rounded down, so a limit never lets the bot spend a fraction more than its ledger holds. */
function floorTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.max(0, Math.floor(value * scale + 1e-6) / scale);
}
