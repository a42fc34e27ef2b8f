/** Prices expected at the horizon: 10%, 50% and 90% quantiles. */
export interface Forecast {
  readonly horizonBars: number;
  readonly quantiles: { readonly p10: number; readonly p50: number; readonly p90: number };
  /** True for a remote forecaster's answer (charged per call, from the cache too); false for local ones. */
  readonly billed?: boolean;
  /** Served from the response cache: charged to the agent, not paid again. */
  readonly cached?: boolean;
}

/** Which series the closes are: a remote model names and dates its instances. */
export interface ForecastSeries {
  readonly symbol: string;
  /** Open time of the first close, epoch ms. */
  readonly startMs: number;
  /** Bar length as a pandas frequency string, e.g. `5min`. */
  readonly freq: string;
}

/** Port: a probabilistic price forecaster (statistical locally, Lag-Llama on Vertex AI). */
export abstract class Forecaster {
  abstract readonly kind: 'local' | 'vertex';
  /** `closes` oldest first; the forecast is for the close `horizonBars` bars after the last one. */
  abstract forecast(
    closes: readonly number[],
    horizonBars: number,
    series?: ForecastSeries,
  ): Promise<Forecast>;
}
