/** One OHLCV bar. `openTime` is epoch milliseconds of the bar's open; `volume` is in the base asset. */
export interface Candle {
  readonly symbol: string;
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** One step of the market: the bars of every symbol for the same interval. */
export type MarketTick = readonly Candle[];
