import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SYMBOLS } from '../../src/config/roster.js';
import { readCandleFile } from '../../src/trading/candle-file.js';
import { MARKET_DATA_DIR } from './test-config.js';

const BAR_MS = 5 * 60_000;

export interface FillRow {
  readonly id: number;
  readonly agent_id: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly fee_usd: number;
  readonly ts: number;
}

/** The run's database, read-only. */
export function openRun(dataDir: string): Database.Database {
  return new Database(join(dataDir, 'cloud-trader.sqlite'), { readonly: true });
}

/** Every bar's close per symbol, keyed by the bar's close time (market time). */
export function closesByTime(): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const symbol of SYMBOLS) {
    for (const candle of readCandleFile(MARKET_DATA_DIR, symbol)) {
      const at = candle.openTime + BAR_MS;
      const closes = out.get(at) ?? new Map<string, number>();
      closes.set(symbol, candle.close);
      out.set(at, closes);
    }
  }
  return out;
}

/**
 * A book recomputed from fills alone: cash flows and positions, valued at any set of closes. It knows
 * nothing of the service's ledgers, so it checks them.
 */
export class FillBook {
  private cash = 0;
  private readonly positions = new Map<string, number>();

  apply(fill: FillRow): void {
    const notional = fill.price * fill.quantity;
    this.cash += (fill.side === 'buy' ? -notional : notional) - fill.fee_usd;
    this.positions.set(
      fill.symbol,
      (this.positions.get(fill.symbol) ?? 0) +
        (fill.side === 'buy' ? fill.quantity : -fill.quantity),
    );
  }

  /** Profit and loss so far at these closes. */
  pnl(closes: ReadonlyMap<string, number>): number {
    let value = this.cash;
    for (const [symbol, quantity] of this.positions)
      value += quantity * (closes.get(symbol) ?? NaN);
    return value;
  }
}

export interface Observation {
  readonly ts: number;
  readonly drawdownPct: number;
}

/**
 * The drawdown a breaker sees, recomputed: at every bar close (before that bar's fills) and after every
 * fill, PnL from the fills against the closes, drawdown = (peak − PnL) / (capital + peak).
 */
export function drawdownObservations(
  fills: readonly FillRow[],
  closes: ReadonlyMap<number, ReadonlyMap<string, number>>,
  bars: readonly number[],
  capitalAt: (ts: number) => number,
): Observation[] {
  const book = new FillBook();
  const out: Observation[] = [];
  let peak = 0;
  let next = 0;
  const observe = (ts: number) => {
    const prices = closes.get(ts) ?? new Map<string, number>();
    const pnl = book.pnl(prices);
    peak = Math.max(peak, pnl);
    const base = capitalAt(ts) + peak;
    out.push({ ts, drawdownPct: base > 0 ? Math.max(0, ((peak - pnl) / base) * 100) : 0 });
  };
  for (const bar of bars) {
    while (next < fills.length && fills[next].ts < bar) book.apply(fills[next++]);
    observe(bar);
    while (next < fills.length && fills[next].ts === bar) {
      book.apply(fills[next++]);
      observe(bar);
    }
  }
  return out;
}
