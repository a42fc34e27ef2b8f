import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import { ema, realisedVolatility } from '../market/indicators.js';
import { formatPrice, percent, signedPercent } from '../market/number-format.js';
import { DiscussionReplies } from './discussion-replies.js';
import { beatIfDue } from './heartbeat.js';

export interface MarketMakerOptions {
  /** Most clips (one filled signal each) it will hold of a symbol. */
  readonly maxInventory: number;
}

const FAIR_VALUE_BARS = 20;
const WINDOW_BARS = 48;
const MIN_HALF_SPREAD = 0.001;
/** Half-spread in units of per-bar volatility. */
const VOLATILITY_SPREAD = 1;
/** Spread multiplier while a risk note about high volatility is fresh, and how long it stays fresh. */
const RISK_WIDENING = 1.75;
const RISK_MEMORY_TICKS = 80;
const COOLDOWN_BARS = 2;
/** Matches risk notes that flag volatility, whether written by the rules or by an LLM. */
const HIGH_VOLATILITY_NOTE =
  /\b(high|elevated|extreme|rising) volatility\b|\bvolatility (is )?(high|elevated|spiking)\b/i;

interface Book {
  inventory: number;
  lastSignalTick: number;
}

interface Quote {
  readonly last: number;
  readonly fair: number;
  readonly halfSpread: number;
  readonly volatility: number;
  /** Fair value moved against the inventory held, so quotes lean toward flattening. */
  readonly reservation: number;
}

/**
 * Built-in inventory-aware market maker (what Hummingbot would run), on a spot book: it buys below fair value
 * minus a half-spread while under its inventory limit, sells above fair plus the half-spread while it holds
 * inventory, and assumes its accepted signals fill.
 */
export class MarketMakerStrategy implements AgentDriver {
  private readonly books = new Map<string, Book>();
  private readonly replies = new DiscussionReplies();
  private readonly options: MarketMakerOptions;
  /** Index of the tick being handled; -1 before the first. */
  private tick = -1;
  /** Ticks before this index quote wide. */
  private riskUntilTick = 0;

  constructor(options: Partial<MarketMakerOptions> = {}) {
    this.options = { maxInventory: 3, ...options };
  }

  onTick(tick: MarketTick, context: AgentContext): void {
    const now = ++this.tick;
    beatIfDue(now, context);
    for (const symbol of context.symbols) {
      if (!tick.some((bar) => bar.symbol === symbol)) continue;
      const book = this.book(symbol);
      const quote = this.quote(symbol, context);
      if (!quote || now - book.lastSignalTick < COOLDOWN_BARS) continue;
      const side = this.sideFor(quote, book);
      if (side) this.signal(symbol, side, quote, book, now, context);
    }
  }

  onMessage(message: MessageEnvelope, context: AgentContext): void {
    if (message.from === context.agentId || message.type !== 'discussion') return;
    if (HIGH_VOLATILITY_NOTE.test(message.text ?? ''))
      this.riskUntilTick = this.tick + 1 + RISK_MEMORY_TICKS;
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

  private sideFor(quote: Quote, book: Book): Side | undefined {
    if (
      quote.last < quote.reservation * (1 - quote.halfSpread) &&
      book.inventory < this.options.maxInventory
    )
      return 'buy';
    if (quote.last > quote.reservation * (1 + quote.halfSpread) && book.inventory > 0)
      return 'sell';
    return undefined;
  }

  private signal(
    symbol: string,
    side: Side,
    quote: Quote,
    book: Book,
    now: number,
    context: AgentContext,
  ): void {
    const distance = Math.abs(quote.last / quote.reservation - 1) - quote.halfSpread;
    const flattening = side === 'sell' ? (0.1 * book.inventory) / this.options.maxInventory : 0;
    const confidence =
      Math.round(
        Math.min(0.95, 0.6 + 0.3 * Math.min(1, distance / quote.halfSpread) + flattening) * 100,
      ) / 100;
    const after = book.inventory + (side === 'buy' ? 1 : -1);
    const text =
      `${side} ${symbol} at ${formatPrice(quote.last)}: ${signedPercent(quote.last / quote.fair - 1)} from fair ` +
      `${formatPrice(quote.fair)} (EMA${FAIR_VALUE_BARS}), half-spread ${percent(quote.halfSpread)} ` +
      `(vol ${percent(quote.volatility)}/bar${this.riskActive() ? ', widened on a risk note' : ''}), ` +
      `inventory ${book.inventory}→${after}/${this.options.maxInventory} clips`;
    if (context.publish({ type: 'signal', symbol, side, confidence, horizon: '15m', text })) {
      book.inventory = after;
      book.lastSignalTick = now;
    }
  }

  private quote(symbol: string, context: AgentContext): Quote | undefined {
    const closes = context.recent(symbol, WINDOW_BARS).map((bar) => bar.close);
    if (closes.length < FAIR_VALUE_BARS) return undefined;
    const fair = ema(closes, FAIR_VALUE_BARS);
    const volatility = realisedVolatility(closes);
    const halfSpread =
      Math.max(MIN_HALF_SPREAD, VOLATILITY_SPREAD * volatility) *
      (this.riskActive() ? RISK_WIDENING : 1);
    const skew = (this.book(symbol).inventory / this.options.maxInventory) * halfSpread;
    return {
      last: closes[closes.length - 1],
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
    return (
      `${symbol}: fair ${formatPrice(quote.fair)}, last ${formatPrice(quote.last)}, half-spread ${percent(quote.halfSpread)}` +
      `${this.riskActive() ? ' (widened on a risk note)' : ''}, ${inventory}`
    );
  }

  private riskActive(): boolean {
    return this.tick < this.riskUntilTick;
  }

  private book(symbol: string): Book {
    let book = this.books.get(symbol);
    if (!book) {
      book = { inventory: 0, lastSignalTick: -Infinity };
      this.books.set(symbol, book);
    }
    return book;
  }
}
