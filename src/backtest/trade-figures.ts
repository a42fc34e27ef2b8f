import type { FillRecord } from './run-records.repository.js';

export interface TradeFigures {
  /** Fills booked. */
  readonly trades: number;
  readonly orders: number;
  readonly feesUsd: number;
  readonly tradedUsd: number;
  /** Notional traded over the average equity. */
  readonly turnover: number;
  /** Closing fills (those that reduce a position) with positive realised PnL, as a share of them. */
  readonly winRatePct: number | null;
  readonly closingTrades: number;
  /** Mean over bars of the gross market value of positions over equity. */
  readonly averageExposurePct: number;
}

export const WIN_RATE_DEFINITION =
  'closing fills (those that reduce a position) whose realised PnL against the average cost, less the fill’s fee, is positive';

interface Position {
  quantity: number;
  averagePrice: number;
}

/** One agent's positions rebuilt from its fills, with the realised PnL of each closing fill. */
export class FillBook {
  readonly positions = new Map<string, Position>();
  wins = 0;
  closings = 0;
  feesUsd = 0;
  tradedUsd = 0;
  trades = 0;

  apply(fill: FillRecord): void {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const p = this.positions.get(fill.symbol) ?? { quantity: 0, averagePrice: 0 };
    this.trades += 1;
    this.feesUsd += fill.feeUsd;
    this.tradedUsd += fill.quantity * fill.price;
    if (p.quantity !== 0 && Math.sign(signed) !== Math.sign(p.quantity)) {
      const closed = Math.min(Math.abs(signed), Math.abs(p.quantity));
      const realised = (fill.price - p.averagePrice) * closed * Math.sign(p.quantity) - fill.feeUsd;
      this.closings += 1;
      if (realised > 0) this.wins += 1;
    }
    const quantity = p.quantity + signed;
    if (Math.sign(quantity) !== Math.sign(p.quantity) || p.quantity === 0)
      p.averagePrice = fill.price;
    else if (Math.abs(quantity) > Math.abs(p.quantity))
      p.averagePrice = (p.averagePrice * p.quantity + fill.price * signed) / quantity;
    p.quantity = Math.abs(quantity) < 1e-12 ? 0 : quantity;
    this.positions.set(fill.symbol, p);
  }

  /** Gross market value of the positions at these prices. */
  grossUsd(price: (symbol: string) => number): number {
    let gross = 0;
    for (const [symbol, p] of this.positions)
      if (p.quantity !== 0) gross += Math.abs(p.quantity) * price(symbol);
    return gross;
  }
}

export interface ExposureInputs {
  readonly fills: readonly FillRecord[];
  /** Bar closes of the run, oldest first (market time). */
  readonly barCloses: ArrayLike<number>;
  /** Close of a symbol in the bar ending at `closeMs`. */
  readonly closeAt: (symbol: string, closeMs: number) => number;
  /** Equity per series at each bar, aligned with barCloses. */
  readonly equity: ReadonlyMap<string, ArrayLike<number>>;
}

/**
 * Walks the bars once, applying the fills made before each bar's close, and averages
 * each agent's (and the portfolio's) gross exposure over its equity at every bar close.
 */
export function replayBooks(
  input: ExposureInputs,
  portfolioId: string,
): { books: Map<string, FillBook>; exposurePct: Map<string, number> } {
  const books = new Map<string, FillBook>();
  const exposureSum = new Map<string, number>();
  let next = 0;
  const applyUntil = (end: number) => {
    while (next < input.fills.length && input.fills[next].ts < end) {
      const fill = input.fills[next++];
      let book = books.get(fill.agentId);
      if (!book) books.set(fill.agentId, (book = new FillBook()));
      book.apply(fill);
    }
  };
  const bars = input.barCloses.length;
  for (let b = 0; b < bars; b++) {
    const close = input.barCloses[b];
    // As the equity marks: a bar is valued at its close before the fills its own signals set off.
    applyUntil(close);
    const price = (symbol: string) => input.closeAt(symbol, close);
    let gross = 0;
    for (const [agentId, book] of books) {
      const g = book.grossUsd(price);
      gross += g;
      const equity = input.equity.get(agentId)?.[b] ?? 0;
      if (equity > 0) exposureSum.set(agentId, (exposureSum.get(agentId) ?? 0) + g / equity);
    }
    const total = input.equity.get(portfolioId)?.[b] ?? 0;
    if (total > 0)
      exposureSum.set(portfolioId, (exposureSum.get(portfolioId) ?? 0) + gross / total);
  }
  applyUntil(Infinity); // the last bar's own fills: traded, never held over a close
  const exposurePct = new Map(
    [...exposureSum].map(([id, sum]) => [id, bars > 0 ? (sum / bars) * 100 : 0]),
  );
  return { books, exposurePct };
}

export function tradeFigures(
  book: FillBook | undefined,
  orders: number,
  averageEquityUsd: number,
  exposurePct: number,
): TradeFigures {
  return {
    trades: book?.trades ?? 0,
    orders,
    feesUsd: book?.feesUsd ?? 0,
    tradedUsd: book?.tradedUsd ?? 0,
    turnover: averageEquityUsd > 0 ? (book?.tradedUsd ?? 0) / averageEquityUsd : 0,
    winRatePct: book && book.closings > 0 ? (book.wins / book.closings) * 100 : null,
    closingTrades: book?.closings ?? 0,
    averageExposurePct: exposurePct,
  };
}

/** The portfolio's book: every agent's fills together. */
export function combinedBook(books: Iterable<FillBook>): FillBook {
  const total = new FillBook();
  for (const b of books) {
    total.trades += b.trades;
    total.feesUsd += b.feesUsd;
    total.tradedUsd += b.tradedUsd;
    total.wins += b.wins;
    total.closings += b.closings;
  }
  return total;
}
