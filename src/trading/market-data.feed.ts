import type { Candle, MarketTick } from './candle.js';

export type TickListener = (tick: MarketTick) => void;

/** Port: where prices come from (replayed history, a seeded simulation, or the exchange). */
export abstract class MarketDataFeed {
  abstract readonly symbols: readonly string[];
  abstract start(): void;
  abstract stop(): void;
  /** Registers a listener for every tick; returns a function that removes it. */
  abstract onTick(listener: TickListener): () => void;
  /** The most recent close, or undefined before the first tick. */
  abstract lastPrice(symbol: string): number | undefined;
  /** Up to `count` most recent bars of a symbol, oldest first. */
  abstract recent(symbol: string, count: number): readonly Candle[];
}
