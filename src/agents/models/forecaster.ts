/** Prices expected at the horizon: 10%, 50% and 90% quantiles. */
export interface Forecast {
  readonly horizonBars: number;
  readonly quantiles: { readonly p10: number; readonly p50: number; readonly p90: number };
}

/** Port: a probabilistic price forecaster (statistical locally, Lag-Llama on Vertex AI). */
export abstract class Forecaster {
  abstract readonly kind: 'local' | 'vertex';
  /** `closes` oldest first; the forecast is for the close `horizonBars` bars after the last one. */
  abstract forecast(closes: readonly number[], horizonBars: number): Promise<Forecast>;
}
