import { MemoryResponseCache } from '../src/agents/models/memory.response-cache.js';
import { ModelCallError } from '../src/agents/models/model-call.error.js';
import { ModelProviderFactory } from '../src/agents/models/model-provider.factory.js';
import { StaticTokenSource } from '../src/agents/models/static.token-source.js';
import { RecordingJsonServer } from './support/chat-completions-server.js';
import { lagLlamaPrediction } from './support/vertex-predict-server.js';
import { testConfig } from './support/test-config.js';

const CLOSES = Array.from({ length: 40 }, (_, i) => 50_000 + i * 10);
const LAST = CLOSES[CLOSES.length - 1];
const SERIES = { symbol: 'BTCUSDT', startMs: Date.UTC(2021, 4, 1, 8), freq: '5min' };

describe('VertexForecaster against a local :predict server', () => {
  let server: RecordingJsonServer;

  beforeEach(async () => {
    server = await RecordingJsonServer.start(() =>
      lagLlamaPrediction(12, LAST, { p10: 50_100, p50: 50_600, p90: 51_000 }),
    );
  });
  afterEach(() => server.close());

  function forecaster(endpoint: string, overrides: Record<string, string> = {}) {
    const config = testConfig({
      LAG_LLAMA_ENDPOINT: endpoint,
      VERTEX_API_ENDPOINT: server.baseUrl,
      LLM_TIMEOUT_MS: '2000',
      ...overrides,
    });
    return new ModelProviderFactory(
      config.models,
      new MemoryResponseCache(),
      new StaticTokenSource('test-access-token'),
    ).forecaster();
  }

  const byResourceName = () =>
    forecaster('projects/test-project/locations/us-central1/endpoints/4242');

  it('POSTs one instance with the reference schema to the endpoint :predict path', async () => {
    const model = byResourceName();
    expect(model.kind).toBe('vertex');
    await model.forecast(CLOSES, 12, SERIES);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/projects/test-project/locations/us-central1/endpoints/4242:predict',
      authorization: 'Bearer test-access-token',
      contentType: 'application/json',
    });
    expect(server.requests[0].body).toEqual({
      instances: [
        { item_id: 'BTCUSDT', start: '2021-05-01T08:00:00.000Z', freq: '5min', target: CLOSES },
      ],
      parameters: {
        prediction_length: 12,
        context_length: 32,
        num_samples: 100,
        quantiles: [0.1, 0.5, 0.9],
      },
    });
  });

  it('reads the 10/50/90% quantiles at the horizon', async () => {
    const forecast = await byResourceName().forecast(CLOSES, 12, SERIES);
    expect(forecast).toEqual({
      horizonBars: 12,
      quantiles: { p10: 50_100, p50: 50_600, p90: 51_000 },
      billed: true,
      cached: false,
    });
  });

  it('uses a full URL as given', async () => {
    await forecaster(`${server.baseUrl}/custom/endpoints/lag:predict`).forecast(CLOSES, 12, SERIES);
    expect(server.requests[0].path).toBe('/custom/endpoints/lag:predict');
  });

  it('asks again after a prediction off the schema, then drops it', async () => {
    server.respondInTurn([
      { json: { predictions: [{ mean: [1, 2] }] } },
      lagLlamaPrediction(12, LAST, { p10: 50_000, p50: 50_400, p90: 50_900 }),
    ]);
    const model = byResourceName();
    expect((await model.forecast(CLOSES, 12, SERIES)).quantiles.p50).toBe(50_400);
    server.respondWith(() => ({ json: { predictions: [] } }));
    const error = await model.forecast(CLOSES.slice(1), 12, SERIES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ failure: 'malformed' });
    expect(server.requests).toHaveLength(4);
  });

  it('rejects quantiles out of order', async () => {
    server.respondWith(() =>
      lagLlamaPrediction(12, LAST, { p10: 51_000, p50: 50_600, p90: 50_100 }),
    );
    await expect(byResourceName().forecast(CLOSES, 12, SERIES)).rejects.toMatchObject({
      failure: 'malformed',
    });
  });

  it('times out and backs off from 429s like the chat model', async () => {
    server.respondWith(() => ({
      ...lagLlamaPrediction(12, LAST, { p10: 1, p50: 2, p90: 3 }),
      delayMs: 1_000,
    }));
    await expect(
      forecaster('projects/p-1234/locations/us-central1/endpoints/1', {
        LLM_TIMEOUT_MS: '50',
      }).forecast(CLOSES, 12, SERIES),
    ).rejects.toMatchObject({ failure: 'timeout' });
    server.respondInTurn([
      { status: 429, json: {} },
      lagLlamaPrediction(12, LAST, { p10: 1, p50: 2, p90: 3 }),
    ]);
    const forecast = await forecaster('projects/p-1234/locations/us-central1/endpoints/2', {
      LLM_BACKOFF_MS: '1',
    }).forecast(CLOSES, 12, SERIES);
    expect(forecast.quantiles).toEqual({ p10: 1, p50: 2, p90: 3 });
  });

  it('serves a repeated request from the cache, charged as before but not asked again', async () => {
    const model = byResourceName();
    await model.forecast(CLOSES, 12, SERIES);
    const again = await model.forecast(CLOSES, 12, SERIES);
    expect(again).toMatchObject({ billed: true, cached: true });
    expect(server.requests).toHaveLength(1);
  });
});
