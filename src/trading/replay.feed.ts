import type { MarketTimeline } from '../platform/market-timeline.js';
import type { MarketTick } from './candle.js';
import { type MarketDataSet, REPLAY_WARMUP_BARS } from './market-data-set.js';
import { SteppedFeed } from './stepped.feed.js';

export { REPLAY_WARMUP_BARS };

/**
 * Replays a checked data set (the bundled real Binance bars by default), one bar of every symbol per
 * step, zipped by time. It starts where market time stands — after the warm-up, at `REPLAY_FROM`, or
 * after the last bar a previous run completed — with the bars before that as warm-up history. At the
 * end of the data it ends: a replay never wraps back to the start, which would book the jump as market
 * movement.
 */
export class ReplayFeed extends SteppedFeed {
  private cursor: number;

  constructor(
    private readonly data: MarketDataSet,
    timeline: MarketTimeline,
  ) {
    super(data.symbols, timeline, data.barMs);
    this.cursor = data.indexAtOrAfter(timeline.now());
    for (let i = Math.max(0, this.cursor - REPLAY_WARMUP_BARS); i < this.cursor; i++)
      this.record(data.tick(i));
  }

  /**
   * Market time before the first replayed bar: the close of the warm-up, or of the bar before
   * `fromMs`, or `resumeAfterMs` (the close of the last bar a previous run completed) when later.
   */
  static startTime(data: MarketDataSet, fromMs?: number, resumeAfterMs?: number): number {
    const first = Math.max(REPLAY_WARMUP_BARS, data.indexAtOrAfter(fromMs ?? -Infinity));
    const fresh = data.openTime(Math.min(first, data.length));
    return Math.max(fresh, resumeAfterMs ?? -Infinity);
  }

  /** Bars still to come. */
  get remaining(): number {
    return this.data.length - this.cursor;
  }

  protected nextTick(): MarketTick | undefined {
    if (this.cursor >= this.data.length) return undefined;
    return this.data.tick(this.cursor++);
  }
}
