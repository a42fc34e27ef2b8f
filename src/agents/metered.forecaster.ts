import { Forecaster, type Forecast, type ForecastSeries } from './models/forecaster.js';
import type { Monotonic } from '../platform/clock.js';
import type { PendingWork } from '../platform/pending-work.js';
import type { ModelMeter } from './model-meter.js';

/** One agent's view of its forecaster: admitted against its budget, counted, billed per call and timed. */
export class MeteredForecaster extends Forecaster {
  constructor(
    readonly agentId: string,
    private readonly inner: Forecaster,
    private readonly meter: ModelMeter,
    private readonly monotonic: Monotonic,
    private readonly pending: PendingWork,
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
    const started = this.monotonic.now();
    try {
      const forecast = await this.pending.ordered(this.inner.forecast(closes, horizonBars, series));
      const billed = forecast.billed ? { fixedUsd: this.usdPerCall } : undefined;
      this.meter.answered(
        this.agentId,
        billed,
        (this.monotonic.now() - started) / 1000,
        forecast.cached === true,
      );
      return forecast;
    } catch (error) {
      this.meter.failed(this.agentId, error, (this.monotonic.now() - started) / 1000);
      throw error;
    }
  }
}
