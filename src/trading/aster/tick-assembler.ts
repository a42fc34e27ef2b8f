import type { Candle, MarketTick } from '../candle.js';

/**
 * Groups closed bars into market ticks: one tick per bar open time once every symbol has closed it.
 * A symbol that lags does not hold the market back: when a newer bar closes, older incomplete groups
 * go out as they are. A bar at or before one already seen for its symbol (a replay after a reconnect,
 * a backfill overlapping the stream) is dropped.
 */
export class TickAssembler {
  private readonly pending = new Map<number, Candle[]>();
  private readonly lastOpenTime = new Map<string, number>();

  constructor(private readonly symbols: readonly string[]) {}

  lastClosed(symbol: string): number | undefined {
    return this.lastOpenTime.get(symbol);
  }

  /** Marks history loaded at start as seen, without emitting it. */
  seen(candle: Candle): void {
    this.lastOpenTime.set(
      candle.symbol,
      Math.max(candle.openTime, this.lastOpenTime.get(candle.symbol) ?? -Infinity),
    );
  }

  /** Adds a closed bar; returns the ticks that are now complete, oldest first (often none). */
  add(candle: Candle): MarketTick[] {
    const last = this.lastOpenTime.get(candle.symbol);
    if (last !== undefined && candle.openTime <= last) return [];
    this.lastOpenTime.set(candle.symbol, candle.openTime);
    const group = this.pending.get(candle.openTime) ?? [];
    group.push(candle);
    this.pending.set(candle.openTime, group);
    const ready: MarketTick[] = [];
    for (const openTime of [...this.pending.keys()].sort((a, b) => a - b)) {
      const bars = this.pending.get(openTime) ?? [];
      const complete = bars.length >= this.symbols.length;
      if (!complete && openTime >= candle.openTime) break;
      this.pending.delete(openTime);
      ready.push(bars);
    }
    return ready;
  }
}
