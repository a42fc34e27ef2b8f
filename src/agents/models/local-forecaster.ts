import { logReturns, mean, standardDeviation } from '../market/indicators.js';
import { Forecaster, type Forecast } from './forecaster.js';

/** z-score of the 90% quantile of a standard normal. */
const Z90 = 1.2815515655446004;

/**
 * Log-normal random walk: drift and volatility of the log returns over the last `windowBars`, the
 * log-price at the horizon normal with mean drift·h and stdev vol·√h. No network, no model weights.
 */
export class LocalForecaster extends Forecaster {
  readonly kind = 'local' as const;

  constructor(private readonly windowBars = 96) {
    super();
  }

  forecast(closes: readonly number[], horizonBars: number): Promise<Forecast> {
    if (closes.length === 0)
      return Promise.reject(new RangeError('cannot forecast without closes'));
    if (!(horizonBars >= 1))
      return Promise.reject(new RangeError(`horizon must be ≥ 1 bar, got ${horizonBars}`));
    const returns = logReturns(closes.slice(-this.windowBars - 1));
    const last = closes[closes.length - 1];
    const centre = Math.log(last) + mean(returns) * horizonBars;
    const spread = Z90 * standardDeviation(returns) * Math.sqrt(horizonBars);
    return Promise.resolve({
      horizonBars,
      quantiles: {
        p10: Math.exp(centre - spread),
        p50: Math.exp(centre),
        p90: Math.exp(centre + spread),
      },
    });
  }
}
