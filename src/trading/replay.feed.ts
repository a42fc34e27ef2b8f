import type { MarketTimeline } from '../platform/market-timeline.js';
import type { Candle, MarketTick } from './candle.js';
import { readCandleFile } from './candle-file.js';
import { SteppedFeed } from './stepped.feed.js';

/** Bars pre-loaded before the first tick, so strategies have indicator history at once (8 hours). */
export const REPLAY_WARMUP_BARS = 96;

/**
 * Replays recorded candles (the bundled real Binance bars by default), one bar of every symbol per
 * step, all in step. At the end of the data it ends: a replay never wraps back to the start, which
 * would book the jump as market movement.
 */
export class ReplayFeed extends SteppedFeed {
  private readonly series: readonly (readonly Candle[])[];
  private readonly length: number;
  private cursor: number;

  constructor(
    series: ReadonlyMap<string, readonly Candle[]>,
    timeline: MarketTimeline,
    /** Market time at which to end early: bars closing after it are not replayed. */
    private readonly endMs = Infinity,
  ) {
    const all = [...series.values()];
    super([...series.keys()], timeline, barLength(all[0] ?? []));
    this.series = all;
    this.length = Math.min(...this.series.map((bars) => bars.length));
    if (this.length <= REPLAY_WARMUP_BARS)
      throw new Error('replay needs more bars than its warm-up');
    for (let i = 0; i < REPLAY_WARMUP_BARS; i++) this.record(this.series.map((bars) => bars[i]));
    this.cursor = REPLAY_WARMUP_BARS;
  }

  static readSeries(dir: string, symbols: readonly string[]): Map<string, Candle[]> {
    return new Map(symbols.map((s) => [s, readCandleFile(dir, s)]));
  }

  /** Market time before the first replayed bar: the close of the last warm-up bar. */
  static startTime(series: ReadonlyMap<string, readonly Candle[]>): number {
    const first = [...series.values()][0] ?? [];
    const lastWarm = first[REPLAY_WARMUP_BARS - 1];
    if (!lastWarm) throw new Error('replay needs more bars than its warm-up');
    return lastWarm.openTime + barLength(first);
  }

  /** Bars still to come. */
  get remaining(): number {
    return this.length - this.cursor;
  }

  protected nextTick(): MarketTick | undefined {
    if (this.cursor >= this.length) return undefined;
    if (this.series[0][this.cursor].openTime + this.barMs > this.endMs) return undefined;
    const index = this.cursor++;
    return this.series.map((bars) => bars[index]);
  }
}

/** The bar length of a series: the spacing of its first two bars. */
function barLength(bars: readonly Candle[]): number {
  const spacing = (bars[1]?.openTime ?? NaN) - (bars[0]?.openTime ?? NaN);
  if (!(spacing > 0)) throw new Error('candles must be in ascending time order, one bar apart');
  return spacing;
}
