import type { MarketTimeline } from '../platform/market-timeline.js';
import type { Candle, MarketTick } from './candle.js';
import { MarketDataFeed } from './market-data.feed.js';

/**
 * A feed whose bars are at hand: each `step` hands out the next bar of every symbol, closing one bar
 * length after its open. Subclasses say where the bars come from; this keeps the history and prices.
 */
export abstract class SteppedFeed extends MarketDataFeed {
  readonly pacing = 'driven' as const;
  private readonly history = new Map<string, Candle[]>();

  constructor(
    readonly symbols: readonly string[],
    timeline: MarketTimeline,
    /** Market milliseconds from a bar's open to its close. */
    readonly barMs: number,
    private readonly historyLength = 512,
  ) {
    super(timeline);
    for (const symbol of symbols) this.history.set(symbol, []);
  }

  /** The next bar of every symbol, or undefined at the end of the data. */
  protected abstract nextTick(): MarketTick | undefined;

  start(): void {
    // The market replay steps this feed; there is nothing to connect.
  }

  stop(): void {
    // Nothing to disconnect.
  }

  step(): boolean {
    for (;;) {
      const tick = this.nextTick();
      if (!tick) return false;
      if (this.publish(tick, tick[0].openTime + this.barMs)) return true;
    }
  }

  lastPrice(symbol: string): number | undefined {
    return this.history.get(symbol)?.at(-1)?.close;
  }

  recent(symbol: string, count: number): readonly Candle[] {
    const bars = this.history.get(symbol) ?? [];
    return bars.slice(Math.max(0, bars.length - count));
  }

  /** Also seeds history without notifying anyone, so indicators are warm from the first tick. */
  protected record(tick: MarketTick): void {
    for (const candle of tick) {
      const bars = this.history.get(candle.symbol);
      if (!bars) continue;
      bars.push(candle);
      if (bars.length > this.historyLength * 2) bars.splice(0, bars.length - this.historyLength);
    }
  }
}
