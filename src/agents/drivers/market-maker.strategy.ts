import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';
import type { Candle, MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import { barsIn, HOUR_MS, MINUTE_MS, spanLabel, TUNED_BAR_MS } from '../market/bar-time.js';
import { closesVolatility, emaOfCloses } from '../market/indicators.js';
import { formatPrice, percent } from '../market/number-format.js';
import { DiscussionReplies } from './discussion-replies.js';
import { beatIfDue } from './heartbeat.js';

export interface MarketMakerOptions {
  /** Most clips (one filled quote each) it will hold of a symbol. */
  readonly maxInventory: number;
}

/** Fair value is an EMA over this much market time, read from a window this long (EMA20 of 48 5-minute bars). */
const FAIR_VALUE_MS = 100 * MINUTE_MS;
const WINDOW_MS = 4 * HOUR_MS;
const MIN_HALF_SPREAD = 0.001;
/**
 * Half-spread in units of volatility over `TUNED_BAR_MS` (5 minutes), whatever the bar length: a
 * 1-minute bar's volatility is scaled up by √5, so the same prices get the same spread.
 */
const VOLATILITY_SPREAD = 1;
/** Spread multiplier while a risk note about high volatility is fresh, and how long it stays fresh. */
const RISK_WIDENING = 1.75;
const RISK_MEMORY_MS = 400 * MINUTE_MS;
/**
 * Every quote is a message the coordinator counts, and a quote is an order row. A side is quoted at most
 * once per `QUOTE_LIFE_MS` of market time, and a resting quote is moved only when the new price is
 * `REQUOTE_SHARE` half-spreads away: over the bundled month that keeps the market maker's traffic where it
 * was when it took liquidity, so no agent runs at over twice the average activity.
 */
const REQUOTE_SHARE = 1;
const QUOTE_LIFE_MS = 3 * HOUR_MS;

/** The lookbacks in bars of the data at hand. */
interface Lookbacks {
  readonly barMs: number;
  readonly fairValue: number;
  readonly window: number;
  /** Per-bar volatility × this = volatility over `TUNED_BAR_MS`. */
  readonly volatilityScale: number;
}

function lookbacks(barMs: number): Lookbacks {
  const fairValue = barsIn(FAIR_VALUE_MS, barMs, 2);
  return {
    barMs,
    fairValue,
    window: Math.max(fairValue, barsIn(WINDOW_MS, barMs, 2)),
    volatilityScale: Math.sqrt(TUNED_BAR_MS / barMs),
  };
}
/** Matches risk notes that flag volatility, whether written by the rules or by an LLM. */
const HIGH_VOLATILITY_NOTE =
  /\b(high|elevated|extreme|rising) volatility\b|\bvolatility (is )?(high|elevated|spiking)\b/i;

interface Book {
  inventory: number;
  /** The quotes it believes rest at the venue, by side. */
  readonly quotes: Partial<Record<Side, number>>;
  /** The market time each side was last quoted. */
  readonly quotedAt: Partial<Record<Side, number>>;
}

interface Quote {
  readonly last: number;
  readonly fair: number;
  readonly halfSpread: number;
  /** Over `TUNED_BAR_MS`. */
  readonly volatility: number;
  /** Fair value moved against the inventory held, so quotes lean toward flattening. */
  readonly reservation: number;
}

/**
 * Built-in inventory-aware market maker (what Hummingbot would run), on a spot book. It provides
 * liquidity: a bid (a limit buy) at the reservation price minus a half-spread while under its
 * inventory limit, an ask (a limit sell) at plus the half-spread while it holds inventory. Quotes rest
 * until a later bar trades through them (then it counts the clip filled, as the paper broker does) or
 * it moves them: a new quote replaces its open quote on that side. So it earns the spread and pays the
 * maker fee, instead of crossing the spread twice as a taker.
 */
export class MarketMakerStrategy implements AgentDriver {
  private readonly books = new Map<string, Book>();
  private readonly replies = new DiscussionReplies();
  private readonly options: MarketMakerOptions;
  /** Index of the tick being handled; -1 before the first. */
  private tick = -1;
  private bars = lookbacks(TUNED_BAR_MS);
  /** Quotes up to this market time are wide. */
  private riskUntilMs = -Infinity;

  constructor(options: Partial<MarketMakerOptions> = {}) {
    this.options = { maxInventory: 3, ...options };
  }

  onTick(tick: MarketTick, context: AgentContext): void {
    beatIfDue(++this.tick, context);
    if (this.bars.barMs !== context.barMs) this.bars = lookbacks(context.barMs);
    for (const symbol of context.symbols) {
      const bar = tick.find((candle) => candle.symbol === symbol);
      if (!bar) continue;
      const book = this.book(symbol);
      this.settle(book, bar);
      const quote = this.quote(symbol, context);
      if (!quote) continue;
      if (book.inventory < this.options.maxInventory)
        this.requote(symbol, 'buy', quote.reservation * (1 - quote.halfSpread), quote, context);
      if (book.inventory > 0)
        this.requote(symbol, 'sell', quote.reservation * (1 + quote.halfSpread), quote, context);
    }
  }

  onMessage(message: MessageEnvelope, context: AgentContext): void {
    if (message.from === context.agentId || message.type !== 'discussion') return;
    if (HIGH_VOLATILITY_NOTE.test(message.text ?? ''))
      this.riskUntilMs = context.now() + RISK_MEMORY_MS;
    if (!this.replies.isQuestionFor(message, context)) return;
    const symbols =
      message.symbol && context.symbols.includes(message.symbol)
        ? [message.symbol]
        : context.symbols;
    this.replies.reply(message, context, {
      text: symbols.map((s) => this.view(s, context)).join('; '),
    });
  }

  /** The inventory it believes it holds of a symbol, in clips. */
  inventory(symbol: string): number {
    return this.books.get(symbol)?.inventory ?? 0;
  }

  /** The quote it believes rests on a side, if any. */
  restingQuote(symbol: string, side: Side): number | undefined {
    return this.books.get(symbol)?.quotes[side];
  }

  /** The paper broker's rule: a bar that trades through a resting quote fills it. */
  private settle(book: Book, bar: Candle): void {
    const { buy: bid, sell: ask } = book.quotes;
    if (bid !== undefined && bar.low < bid) {
      book.inventory += 1;
      delete book.quotes.buy;
    }
    if (ask !== undefined && bar.high > ask) {
      book.inventory -= 1;
      delete book.quotes.sell;
    }
  }

  private requote(
    symbol: string,
    side: Side,
    price: number,
    quote: Quote,
    context: AgentContext,
  ): void {
    const book = this.book(symbol);
    const resting = book.quotes[side];
    const now = context.now();
    if (now - (book.quotedAt[side] ?? -Infinity) < QUOTE_LIFE_MS) return;
    if (resting !== undefined && Math.abs(price / resting - 1) < quote.halfSpread * REQUOTE_SHARE)
      return;
    const flattening = side === 'sell' ? (0.1 * book.inventory) / this.options.maxInventory : 0;
    const confidence = Math.round(Math.min(0.95, 0.7 + flattening) * 100) / 100;
    const text =
      `${side === 'buy' ? 'bid' : 'ask'} ${symbol} at ${formatPrice(price)}: fair ${formatPrice(quote.fair)} ` +
      `(EMA${this.bars.fairValue}), last ${formatPrice(quote.last)}, half-spread ${percent(quote.halfSpread)} ` +
      `(vol ${percent(quote.volatility)}/${spanLabel(TUNED_BAR_MS)}${this.riskActive(context) ? ', widened on a risk note' : ''}), ` +
      `inventory ${book.inventory}/${this.options.maxInventory} clips`;
    const published = context.publish({
      type: 'signal',
      symbol,
      side,
      confidence,
      horizon: '15m',
      limitPrice: price,
      text,
    });
    if (!published) return;
    book.quotes[side] = price;
    book.quotedAt[side] = now;
  }

  private quote(symbol: string, context: AgentContext): Quote | undefined {
    const { fairValue, window, volatilityScale } = this.bars;
    const bars = context.recent(symbol, window);
    if (bars.length < fairValue) return undefined;
    const fair = emaOfCloses(bars, fairValue);
    const volatility = closesVolatility(bars) * volatilityScale;
    const halfSpread =
      Math.max(MIN_HALF_SPREAD, VOLATILITY_SPREAD * volatility) *
      (this.riskActive(context) ? RISK_WIDENING : 1);
    const skew = (this.book(symbol).inventory / this.options.maxInventory) * halfSpread;
    return {
      last: bars[bars.length - 1].close,
      fair,
      halfSpread,
      volatility,
      reservation: fair * (1 - skew),
    };
  }

  private view(symbol: string, context: AgentContext): string {
    const quote = this.quote(symbol, context);
    const inventory = `inventory ${this.inventory(symbol)}/${this.options.maxInventory} clips`;
    if (!quote) return `${symbol}: warming up, ${inventory}`;
    const { buy: bid, sell: ask } = this.book(symbol).quotes;
    const resting = [
      bid === undefined ? '' : `bid ${formatPrice(bid)}`,
      ask === undefined ? '' : `ask ${formatPrice(ask)}`,
    ].filter(Boolean);
    return (
      `${symbol}: fair ${formatPrice(quote.fair)}, last ${formatPrice(quote.last)}, half-spread ${percent(quote.halfSpread)}` +
      `${this.riskActive(context) ? ' (widened on a risk note)' : ''}, ${inventory}` +
      (resting.length > 0 ? `, quoting ${resting.join(' / ')}` : '')
    );
  }

  private riskActive(context: AgentContext): boolean {
    return context.now() <= this.riskUntilMs;
  }

  private book(symbol: string): Book {
    let book = this.books.get(symbol);
    if (!book) {
      book = { inventory: 0, quotes: {}, quotedAt: {} };
      this.books.set(symbol, book);
    }
    return book;
  }
}
