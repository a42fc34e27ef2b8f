import type { WallClock } from '../../platform/clock.js';
import type { MarketTimeline } from '../../platform/market-timeline.js';
import type { Candle, MarketTick } from '../candle.js';
import { MarketDataFeed } from '../market-data.feed.js';
import type { AsterMarketRest, ClosedCandle } from './aster-market.rest.js';
import type { SymbolRules } from './exchange-rules.js';
import { KLINE_INTERVALS, type KlineInterval } from './kline-interval.js';
import { MarketStream, type ReconnectPolicy } from './market-stream.js';
import { TickAssembler } from './tick-assembler.js';

export interface AsterFeedOptions {
  /** Websocket base, e.g. `wss://fstream.asterdex.com`. */
  readonly wsUrl: string;
  readonly interval: KlineInterval;
  /** Closed bars loaded over REST before the first tick, so indicators are warm at once. */
  readonly warmupBars: number;
  readonly reconnect: ReconnectPolicy;
  readonly historyLength?: number;
  readonly onProblem?: (message: string) => void;
}

/** The websocket payloads the feed reads (single-letter keys as on the wire). */
interface KlineEvent {
  readonly s: string;
  readonly k: {
    readonly t: number;
    readonly T: number;
    readonly o: string;
    readonly h: string;
    readonly l: string;
    readonly c: string;
    readonly v: string;
    readonly x: boolean;
  };
}
interface BookTickerEvent {
  readonly s: string;
  readonly b: string;
  readonly a: string;
}
interface MarkPriceEvent {
  readonly s: string;
  readonly p: string;
}

/** Backfill asks for at most this many bars per symbol (a klines request of weight 5). */
const BACKFILL_LIMIT = 1000;

/**
 * Live Aster market data: trading rules, warm-up bars and opening prices over REST; then book tickers,
 * mark prices and klines over one websocket. Closed klines become ticks; the latest book mid or kline
 * close is the last price. After a reconnect the bars missed while away are fetched over REST and
 * played in order, so strategies never see a hole in the history.
 */
export class AsterFeed extends MarketDataFeed {
  readonly pacing = 'streaming' as const;
  private readonly history = new Map<string, Candle[]>();
  private readonly prices = new Map<string, number>();
  private readonly marks = new Map<string, number>();
  private readonly assembler: TickAssembler;
  private readonly stream: MarketStream;
  private readonly intervalMs: number;

  get barMs(): number {
    return this.intervalMs;
  }
  private exchangeRules = new Map<string, SymbolRules>();
  private backfilling: Promise<void> = Promise.resolve();
  /** Closed bars the stream delivers while a backfill runs; played after it, so order holds. */
  private heldBack: ClosedCandle[] | undefined;
  private subscribedCount = 0;
  private readonly subscribedWaiters: { times: number; resolve: () => void }[] = [];

  constructor(
    readonly symbols: readonly string[],
    private readonly rest: AsterMarketRest,
    timeline: MarketTimeline,
    /** Which bars have closed is a question about the exchange's now. */
    private readonly clock: WallClock,
    private readonly options: AsterFeedOptions,
  ) {
    super(timeline);
    for (const symbol of symbols) this.history.set(symbol, []);
    this.assembler = new TickAssembler(symbols);
    this.intervalMs = KLINE_INTERVALS[options.interval];
    const streams = symbols.flatMap((s) => {
      const lower = s.toLowerCase();
      return [`${lower}@bookTicker`, `${lower}@markPrice@1s`, `${lower}@kline_${options.interval}`];
    });
    this.stream = new MarketStream(`${options.wsUrl}/stream`, streams, options.reconnect, {
      onData: (stream, data) => this.receive(stream, data),
      onSubscribed: (reconnected) => this.subscribed(reconnected),
      onProblem: (message) => this.problem(message),
    });
  }

  /** Trading rules, warm-up history and opening prices; call before `start`. */
  async load(): Promise<void> {
    this.exchangeRules = await this.rest.exchangeInfo();
    const missing = this.symbols.filter((s) => this.exchangeRules.get(s)?.status !== 'TRADING');
    if (missing.length > 0) this.problem(`not trading on Aster: ${missing.join(', ')}`);
    for (const symbol of this.symbols) {
      const bars = this.closedOnly(
        await this.rest.klines(symbol, this.options.interval, this.options.warmupBars + 1),
      );
      for (const bar of bars.slice(-this.options.warmupBars)) this.remember(bar);
      const top = await this.rest.bookTicker(symbol);
      this.prices.set(symbol, (top.bid + top.ask) / 2);
    }
  }

  /** The close of the newest warm-up bar: where market time starts. */
  lastClose(): number | undefined {
    let last: number | undefined;
    for (const bars of this.history.values()) {
      const open = bars.at(-1)?.openTime;
      if (open !== undefined && (last === undefined || open > last)) last = open;
    }
    return last === undefined ? undefined : last + this.intervalMs;
  }

  start(): void {
    this.stream.start();
  }

  stop(): void {
    this.stream.stop();
  }

  /** The exchange pushes bars as they close; there is nothing to step. */
  step(): boolean {
    return false;
  }

  lastPrice(symbol: string): number | undefined {
    return this.prices.get(symbol);
  }

  /** The exchange's mark price: what it checks a market order's notional against. */
  markPrice(symbol: string): number | undefined {
    return this.marks.get(symbol);
  }

  rules(symbol: string): SymbolRules | undefined {
    return this.exchangeRules.get(symbol);
  }

  recent(symbol: string, count: number): readonly Candle[] {
    const bars = this.history.get(symbol) ?? [];
    return bars.slice(Math.max(0, bars.length - count));
  }

  /** Resolves once the websocket has subscribed `times` times in all (tests wait on reconnects). */
  async whenSubscribed(times = 1): Promise<void> {
    if (this.subscribedCount < times) {
      await new Promise<void>((resolve) => this.subscribedWaiters.push({ times, resolve }));
    }
    await this.backfilling;
  }

  private receive(stream: string, data: unknown): void {
    if (stream.includes('@kline_')) this.onKline(data as KlineEvent);
    else if (stream.endsWith('@bookTicker')) this.onBookTicker(data as BookTickerEvent);
    else if (stream.includes('@markPrice')) this.onMarkPrice(data as MarkPriceEvent);
  }

  private onKline({ s, k }: KlineEvent): void {
    this.prices.set(s, Number(k.c));
    if (!k.x) return;
    const bar: ClosedCandle = {
      symbol: s,
      openTime: k.t,
      closeTime: k.T,
      open: Number(k.o),
      high: Number(k.h),
      low: Number(k.l),
      close: Number(k.c),
      volume: Number(k.v),
    };
    if (this.heldBack) this.heldBack.push(bar);
    else this.closed(bar);
  }

  private onBookTicker({ s, b, a }: BookTickerEvent): void {
    const bid = Number(b);
    const ask = Number(a);
    if (bid > 0 && ask > 0) this.prices.set(s, (bid + ask) / 2);
  }

  private onMarkPrice({ s, p }: MarkPriceEvent): void {
    this.marks.set(s, Number(p));
  }

  private subscribed(reconnected: boolean): void {
    if (reconnected && !this.heldBack) {
      this.heldBack = [];
      this.backfilling = this.backfill()
        .catch((error: unknown) =>
          this.problem(
            `backfill failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => {
          const held = this.heldBack ?? [];
          this.heldBack = undefined;
          for (const bar of held) this.closed(bar);
        });
    }
    this.subscribedCount += 1;
    for (const waiter of this.subscribedWaiters.filter((w) => w.times <= this.subscribedCount)) {
      this.subscribedWaiters.splice(this.subscribedWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** Fetches the bars that closed while the websocket was away and plays them in order. */
  private async backfill(): Promise<void> {
    const missed: ClosedCandle[] = [];
    for (const symbol of this.symbols) {
      const last = this.assembler.lastClosed(symbol);
      if (last === undefined) continue;
      const bars = await this.rest.klines(
        symbol,
        this.options.interval,
        BACKFILL_LIMIT,
        last + this.intervalMs,
      );
      missed.push(...this.closedOnly(bars));
    }
    missed.sort((a, b) => a.openTime - b.openTime);
    for (const bar of missed) this.closed(bar);
  }

  private closedOnly(bars: readonly ClosedCandle[]): ClosedCandle[] {
    const now = this.clock.now();
    return bars.filter((bar) => bar.closeTime < now);
  }

  private closed(bar: ClosedCandle): void {
    const candle = toCandle(bar);
    // Market time is the close of the bar: its open plus one interval.
    for (const tick of this.assembler.add(candle))
      this.publish(tick, tick[0].openTime + this.intervalMs);
  }

  protected record(tick: MarketTick): void {
    for (const c of tick) this.append(c);
  }

  private remember(bar: ClosedCandle): void {
    const candle = toCandle(bar);
    this.assembler.seen(candle);
    this.append(candle);
  }

  private append(candle: Candle): void {
    const bars = this.history.get(candle.symbol);
    if (!bars) return;
    bars.push(candle);
    const limit = this.options.historyLength ?? 512;
    if (bars.length > limit * 2) bars.splice(0, bars.length - limit);
  }

  private problem(message: string): void {
    this.options.onProblem?.(message);
  }
}

function toCandle({ symbol, openTime, open, high, low, close, volume }: ClosedCandle): Candle {
  return { symbol, openTime, open, high, low, close, volume };
}
