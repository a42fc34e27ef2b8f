import { Forecaster, type Forecast, type ForecastSeries } from './models/forecaster.js';
import type { ModelMeter } from './model-meter.js';

/** One agent's view of its forecaster: admitted against its budget, counted, billed per call and timed. */
export class MeteredForecaster extends Forecaster {
  constructor(
    readonly agentId: string,
    private readonly inner: Forecaster,
    private readonly meter: ModelMeter,
    private readonly usdPerCall: number,
  ) {
    super();
  }

  get kind(): Forecaster['kind'] {
    return this.inner.kind;
  }

  async forecast(
    closes: readonly number[],
    horizonBars: number,
    series?: ForecastSeries,
  ): Promise<Forecast> {
    if (this.inner.kind === 'local') {
      const forecast = await this.inner.forecast(closes, horizonBars, series);
      this.meter.answeredLocally(this.agentId);
      return forecast;
    }
    this.meter.admit(this.agentId);
    const started = performance.now();
    try {
      const forecast = await this.inner.forecast(closes, horizonBars, series);
      const billed = forecast.billed ? { fixedUsd: this.usdPerCall } : undefined;
      this.meter.answered(this.agentId, billed, (performance.now() - started) / 1000);
      return forecast;
    } catch (error) {
      this.meter.failed(this.agentId, error, (performance.now() - started) / 1000);
      throw error;
    }
  }
}
