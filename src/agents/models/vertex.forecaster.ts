import { Forecaster, type Forecast, type ForecastSeries } from './forecaster.js';
import type { JsonEndpointClient } from './json-endpoint.client.js';
import { ModelCallError } from './model-call.error.js';
import { ResponseCache } from './response-cache.js';

export interface VertexForecasterOptions {
  /** POSTs to `…/endpoints/{id}:predict`. */
  readonly endpoint: JsonEndpointClient;
  readonly cache: ResponseCache;
  /** The context the released checkpoint was trained with. */
  readonly contextLength?: number;
  readonly numSamples?: number;
}

const QUANTILES = [0.1, 0.5, 0.9] as const;

/**
 * Lag-Llama behind a Vertex AI `:predict` endpoint (a custom container; instance and prediction schema in
 * the integrations reference §5.2). One instance per call; the 10/50/90 % quantiles at the horizon become
 * the forecast. A prediction that does not match the schema is asked for once more, then dropped.
 */
export class VertexForecaster extends Forecaster {
  readonly kind = 'vertex' as const;

  constructor(private readonly options: VertexForecasterOptions) {
    super();
  }

  async forecast(
    closes: readonly number[],
    horizonBars: number,
    series?: ForecastSeries,
  ): Promise<Forecast> {
    if (closes.length === 0) throw new RangeError('cannot forecast without closes');
    if (!(horizonBars >= 1)) throw new RangeError(`horizon must be ≥ 1 bar, got ${horizonBars}`);
    const body = this.request(closes, horizonBars, series);
    const key = ResponseCache.keyOf(this.options.endpoint.url, body);
    const cached = this.options.cache.get(key);
    if (cached !== undefined) {
      const quantiles = quantilesAt(JSON.parse(cached) as unknown, horizonBars);
      if (quantiles) return { horizonBars, quantiles, billed: true, cached: true };
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await this.options.endpoint.post(body);
      const quantiles = quantilesAt(response, horizonBars);
      if (quantiles) {
        this.options.cache.put(key, JSON.stringify(response));
        return { horizonBars, quantiles, billed: true, cached: false };
      }
    }
    throw new ModelCallError('malformed', 'Lag-Llama: prediction did not match the schema twice');
  }

  private request(closes: readonly number[], horizonBars: number, series?: ForecastSeries) {
    return {
      instances: [
        {
          item_id: series?.symbol ?? 'series',
          ...(series ? { start: new Date(series.startMs).toISOString(), freq: series.freq } : {}),
          target: [...closes],
        },
      ],
      parameters: {
        prediction_length: horizonBars,
        context_length: this.options.contextLength ?? 32,
        num_samples: this.options.numSamples ?? 100,
        quantiles: [...QUANTILES],
      },
    };
  }
}

/** The quantiles of the first prediction at the horizon's step, when they are finite, positive and ordered. */
function quantilesAt(response: unknown, horizonBars: number): Forecast['quantiles'] | undefined {
  const predictions = (response as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(predictions)) return undefined;
  const quantiles = (predictions[0] as { quantiles?: Record<string, unknown> } | undefined)
    ?.quantiles;
  if (!quantiles) return undefined;
  const at = (q: string): number | undefined => {
    const path = quantiles[q];
    const value: unknown = Array.isArray(path) ? path[horizonBars - 1] : undefined;
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const p10 = at('0.1');
  const p50 = at('0.5');
  const p90 = at('0.9');
  if (p10 === undefined || p50 === undefined || p90 === undefined) return undefined;
  if (!(p10 <= p50 && p50 <= p90)) return undefined;
  return { p10, p50, p90 };
}
