import type { Candle, MarketTick } from './candle.js';
import { readCandleFile } from './candle-file.js';
import { SteppedFeed } from './stepped.feed.js';

/** Bars pre-loaded before the first tick, so strategies have indicator history at once (8 hours). */
export const REPLAY_WARMUP_BARS = 96;

/**
 * Replays the bundled real Binance 5-minute candles, one bar per interval, all symbols in step. At the
 * end of the data it starts over after the warm-up, and says so through `onWrap`.
 */
export class ReplayFeed extends SteppedFeed {
  private readonly series: readonly (readonly Candle[])[];
  private readonly length: number;
  private cursor: number;

  constructor(
    series: ReadonlyMap<string, readonly Candle[]>,
    intervalMs: number,
    private readonly onWrap: () => void = () => undefined,
  ) {
    super([...series.keys()], intervalMs);
    this.series = [...series.values()];
    this.length = Math.min(...this.series.map((bars) => bars.length));
    if (this.length <= REPLAY_WARMUP_BARS)
      throw new Error('replay needs more bars than its warm-up');
    for (let i = 0; i < REPLAY_WARMUP_BARS; i++) this.remember(this.series.map((bars) => bars[i]));
    this.cursor = REPLAY_WARMUP_BARS;
  }

  static fromDirectory(
    dir: string,
    symbols: readonly string[],
    intervalMs: number,
    onWrap?: () => void,
  ): ReplayFeed {
    return new ReplayFeed(
      new Map(symbols.map((s) => [s, readCandleFile(dir, s)])),
      intervalMs,
      onWrap,
    );
  }

  protected nextTick(): MarketTick {
    if (this.cursor >= this.length) {
      this.cursor = REPLAY_WARMUP_BARS;
      this.onWrap();
    }
    const index = this.cursor++;
    return this.series.map((bars) => bars[index]);
  }
}
