import type { Candle, MarketTick } from './candle.js';
import { MarketDataFeed, type TickListener } from './market-data.feed.js';

/**
 * A feed that advances one bar for every symbol on a timer. Subclasses say where the next bars come
 * from; this keeps the history, the last prices and the listeners.
 */
export abstract class SteppedFeed extends MarketDataFeed {
  private readonly listeners = new Set<TickListener>();
  private readonly history = new Map<string, Candle[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly symbols: readonly string[],
    private readonly intervalMs: number,
    private readonly historyLength = 512,
  ) {
    super();
    for (const symbol of symbols) this.history.set(symbol, []);
  }

  /** The next bar of every symbol. */
  protected abstract nextTick(): MarketTick;

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.step(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Advances one bar now (the timer calls this; tests and replays may too). */
  step(): MarketTick {
    const tick = this.nextTick();
    this.remember(tick);
    for (const listener of this.listeners) listener(tick);
    return tick;
  }

  onTick(listener: TickListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastPrice(symbol: string): number | undefined {
    return this.history.get(symbol)?.at(-1)?.close;
  }

  recent(symbol: string, count: number): readonly Candle[] {
    const bars = this.history.get(symbol) ?? [];
    return bars.slice(Math.max(0, bars.length - count));
  }

  /** Seeds history without notifying listeners, so indicators are warm from the first tick. */
  protected remember(tick: MarketTick): void {
    for (const candle of tick) {
      const bars = this.history.get(candle.symbol);
      if (!bars) continue;
      bars.push(candle);
      if (bars.length > this.historyLength * 2) bars.splice(0, bars.length - this.historyLength);
    }
  }
}
