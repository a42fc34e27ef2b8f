import type { CannedResponse } from './chat-completions-server.js';

/**
 * A Lag-Llama `:predict` answer for one instance: `horizon` steps of quantile paths ending at the given
 * p10/p50/p90 (earlier steps interpolate from the last close), with the metadata Vertex adds.
 */
export function lagLlamaPrediction(
  horizon: number,
  last: number,
  at: { p10: number; p50: number; p90: number },
): CannedResponse {
  const path = (end: number) =>
    Array.from({ length: horizon }, (_, i) => last + ((end - last) * (i + 1)) / horizon);
  return {
    json: {
      predictions: [
        {
          item_id: 'BTCUSDT',
          mean: path(at.p50),
          quantiles: { '0.1': path(at.p10), '0.5': path(at.p50), '0.9': path(at.p90) },
        },
      ],
      deployedModelId: '1234567890',
      model: 'projects/test-project/locations/us-central1/models/lag-llama',
      modelDisplayName: 'lag-llama',
      modelVersionId: '1',
    },
  };
}
