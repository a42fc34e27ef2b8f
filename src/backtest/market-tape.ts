import type { MarketTick } from '../trading/candle.js';

/** The closes of every bar the replay handed out, as the service saw them. */
export class MarketTape {
  readonly openTimes: number[] = [];
  private readonly closes = new Map<string, number[]>();

  readonly record = (tick: MarketTick): void => {
    if (tick.length === 0) return;
    const index = this.openTimes.length;
    this.openTimes.push(tick[0].openTime);
    for (const candle of tick) {
      let series = this.closes.get(candle.symbol);
      if (!series) this.closes.set(candle.symbol, (series = []));
      series[index] = candle.close;
    }
  };

  get symbols(): string[] {
    return [...this.closes.keys()];
  }

  /** The spacing of the first two bars; `fallbackMs` for a run of one bar. */
  barMs(fallbackMs: number): number {
    return this.openTimes.length > 1 ? this.openTimes[1] - this.openTimes[0] : fallbackMs;
  }

  /** Close of `symbol` in bar `index`; NaN if the symbol had no bar there. */
  close(symbol: string, index: number): number {
    return this.closes.get(symbol)?.[index] ?? NaN;
  }
}
