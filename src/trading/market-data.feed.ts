import type { MarketTimeline } from '../platform/market-timeline.js';
import type { Candle, MarketTick } from './candle.js';

export type TickListener = (tick: MarketTick) => void;

/**
 * Port: where prices come from (replayed history, a seeded simulation, or the exchange). Every bar
 * enters through `publish`, which first moves market time to the bar's close, so the policies due by
 * then run before anyone trades on it, whatever the feed.
 */
export abstract class MarketDataFeed {
  abstract readonly symbols: readonly string[];
  /** Market milliseconds from a bar's open to its close: what the agents' lookbacks convert with. */
  abstract readonly barMs: number;
  /**
   * `driven`: the bars are at hand and the market replay steps through them (history, simulation);
   * `streaming`: the venue pushes bars as they close (live).
   */
  abstract readonly pacing: 'driven' | 'streaming';
  private readonly listeners = new Set<TickListener>();
  private readonly firstListeners = new Set<TickListener>();

  constructor(private readonly timeline: MarketTimeline) {}

  abstract start(): void;
  abstract stop(): void;
  /** Advances one bar (driven feeds); false once the data has ended, or for a streaming feed. */
  abstract step(): boolean;
  /** The most recent close, or undefined before the first tick. */
  abstract lastPrice(symbol: string): number | undefined;
  /** Up to `count` most recent bars of a symbol, oldest first. */
  abstract recent(symbol: string, count: number): readonly Candle[];

  /** Registers a listener for every tick; returns a function that removes it. */
  onTick(listener: TickListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A listener that sees every tick before the `onTick` listeners: the paper broker fills the orders
   * placed on earlier bars there, so a bar's fills always go out before anyone acts on that bar.
   */
  onTickFirst(listener: TickListener): () => void {
    this.firstListeners.add(listener);
    return () => this.firstListeners.delete(listener);
  }

  /** Where the bars will be kept once market time has moved to their close. */
  protected abstract record(tick: MarketTick): void;

  /**
   * Hands out one tick that closes at `closeTimeMs`: market time moves there (refused if it would go
   * backwards, and the tick is dropped), the tick is recorded, the policies due by then run on its
   * prices, the first listeners (paper fills) see it, then every other listener.
   */
  protected publish(tick: MarketTick, closeTimeMs: number): boolean {
    if (!this.timeline.advance(closeTimeMs, () => this.record(tick))) return false;
    for (const listener of this.firstListeners) listener(tick);
    for (const listener of this.listeners) listener(tick);
    return true;
  }
}
