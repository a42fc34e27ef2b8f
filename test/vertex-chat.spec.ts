import { testEnvelope } from '../src/communication/envelope.fixture.js';
import { AccessTokenSource } from '../src/agents/models/access-token-source.js';
import type { ChatModel, ReasoningTask } from '../src/agents/models/chat-model.js';
import { MemoryResponseCache } from '../src/agents/models/memory.response-cache.js';
import { ModelCallError } from '../src/agents/models/model-call.error.js';
import { ModelProviderFactory } from '../src/agents/models/model-provider.factory.js';
import { StaticTokenSource } from '../src/agents/models/static.token-source.js';
import {
  chatCompletion,
  RecordingJsonServer,
  stanceAnswer,
  type RecordedRequest,
} from './support/chat-completions-server.js';
import { testConfig } from './support/test-config.js';

const CLOSES = Array.from({ length: 60 }, (_, i) => 100 + i * 0.5);
const GUIDANCE = testEnvelope(
  {
    type: 'guidance',
    from: 'orchestrator',
    to: ['deepseek-v3'],
    text: 'role strategist; capital 20000 USD (20.0%); threshold 0.3; Publish a thesis when the trend changes.',
  },
  1_000,
);
const THESIS = testEnvelope(
  {
    type: 'thesis',
    from: 'lag-llama',
    symbol: 'BTCUSDT',
    side: 'buy',
    confidence: 0.42,
    horizon: '1h',
    text: 'Lag-Llama forecast for BTCUSDT: median +0.4%',
  },
  2_000,
);
const THESIS_TASK: ReasoningTask = {
  kind: 'thesis',
  symbol: 'BTCUSDT',
  closes: CLOSES,
  briefing: { guidance: GUIDANCE, theses: [THESIS] },
};

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens: number;
  temperature: number;
  stream: boolean;
}
const bodyOf = (request: RecordedRequest) => request.body as ChatBody;

describe('VertexChatModel against a local chat-completions server', () => {
  let server: RecordingJsonServer;

  beforeEach(async () => {
    server = await RecordingJsonServer.start(() =>
      chatCompletion(stanceAnswer('short', 0.7, 'Trend rolled over below the slow EMA.')),
    );
  });
  afterEach(() => server.close());

  function vertexModel(overrides: Record<string, string> = {}): ChatModel {
    const config = testConfig({
      CHAT_MODEL_PROVIDER: 'vertex',
      GCP_PROJECT_ID: 'test-project',
      VERTEX_LOCATION: 'us-west2',
      VERTEX_API_ENDPOINT: server.baseUrl,
      LLM_TIMEOUT_MS: '2000',
      LLM_BACKOFF_MS: '1',
      ...overrides,
    });
    const factory = new ModelProviderFactory(
      config.models,
      new MemoryResponseCache(),
      new StaticTokenSource('test-access-token'),
    );
    const model = factory.chatModel('deepseek-v3', 'strategist');
    if (!model) throw new Error('no chat model configured');
    return model;
  }

  it('POSTs the role prompt to the Vertex OpenAI-compatible path with the bearer token', async () => {
    await vertexModel().reason(THESIS_TASK);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/projects/test-project/locations/us-west2/endpoints/openapi/chat/completions',
      authorization: 'Bearer test-access-token',
      contentType: 'application/json',
    });
    const body = bodyOf(request);
    expect(body).toMatchObject({
      model: 'deepseek-ai/deepseek-v3.1-maas',
      max_tokens: 400,
      temperature: 0,
      stream: false,
    });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = body.messages.map((m) => m.content);
    expect(system).toContain('You are the strategist');
    expect(system).toContain(
      `Your current guidance from the portfolio orchestrator: ${GUIDANCE.text}`,
    );
    expect(system).toContain('"stance": "long" | "short" | "flat"');
    expect(user).toContain('Market BTCUSDT, 5m bars:');
    expect(user).toContain('lag-llama: long BTCUSDT, confidence 0.42, 1h: Lag-Llama forecast');
    expect(user).toMatch(/Propose your thesis on BTCUSDT\.$/);
  });

  it('turns a good answer into a stance with the billed tokens', async () => {
    const reasoning = await vertexModel().reason(THESIS_TASK);
    expect(reasoning).toEqual({
      side: 'sell',
      confidence: 0.7,
      horizon: '4h',
      text: 'Trend rolled over below the slow EMA.',
      model: 'deepseek-ai/deepseek-v3.1-maas',
      usage: { promptTokens: 120, completionTokens: 30 },
      cached: false,
    });
  });

  it('reads JSON wrapped in a Markdown fence, and a flat stance has no side', async () => {
    server.respondWith(() =>
      chatCompletion('```json\n' + stanceAnswer('flat', 0.2, 'No edge.', '1h') + '\n```'),
    );
    const reasoning = await vertexModel().reason(THESIS_TASK);
    expect(reasoning).toMatchObject({ confidence: 0.2, horizon: '1h', text: 'No edge.' });
    expect(reasoning.side).toBeUndefined();
  });

  it('asks once more after a malformed answer, saying what was wrong, and bills both', async () => {
    server.respondInTurn([
      chatCompletion('I think BTC goes up.', { prompt_tokens: 100, completion_tokens: 10 }),
      chatCompletion(stanceAnswer('long', 0.6, 'Momentum agrees.'), {
        prompt_tokens: 130,
        completion_tokens: 20,
      }),
    ]);
    const reasoning = await vertexModel().reason(THESIS_TASK);
    expect(reasoning).toMatchObject({
      side: 'buy',
      confidence: 0.6,
      usage: { promptTokens: 230, completionTokens: 30 },
    });
    expect(server.requests).toHaveLength(2);
    const retry = bodyOf(server.requests[1]).messages;
    expect(retry.slice(0, 2)).toEqual(bodyOf(server.requests[0]).messages);
    expect(retry[2]).toEqual({ role: 'assistant', content: 'I think BTC goes up.' });
    expect(retry[3].role).toBe('user');
    expect(retry[3].content).toContain('That answer was not usable (no JSON object in the answer)');
  });

  it('drops an answer that is malformed twice, with the tokens it cost', async () => {
    server.respondWith(() => chatCompletion(JSON.stringify({ stance: 'up', confidence: 2 })));
    const error = await vertexModel()
      .reason(THESIS_TASK)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({
      failure: 'malformed',
      usage: { promptTokens: 240, completionTokens: 60 },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with a timeout when the server does not answer in time', async () => {
    server.respondWith(() => ({
      ...chatCompletion(stanceAnswer('long', 0.5, 'late')),
      delayMs: 1_000,
    }));
    const error = await vertexModel({ LLM_TIMEOUT_MS: '50' })
      .reason(THESIS_TASK)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'timeout' });
  });

  it('backs off after a 429 and retries', async () => {
    server.respondInTurn([
      {
        status: 429,
        json: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } },
      },
      chatCompletion(stanceAnswer('long', 0.55, 'After the quota reset.')),
    ]);
    const reasoning = await vertexModel().reason(THESIS_TASK);
    expect(reasoning.text).toBe('After the quota reset.');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].body).toEqual(server.requests[0].body);
  });

  it('stops retrying 429s after LLM_RATE_LIMIT_RETRIES, honouring Retry-After', async () => {
    server.respondWith(() => ({
      status: 429,
      headers: { 'retry-after': '0' },
      json: { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } },
    }));
    const error = await vertexModel({ LLM_RATE_LIMIT_RETRIES: '2', LLM_BACKOFF_MS: '600000' })
      .reason(THESIS_TASK)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'rate_limited' });
    expect(server.requests).toHaveLength(3);
  });

  it('reports another HTTP error as such', async () => {
    server.respondWith(() => ({
      status: 403,
      json: { error: { code: 403, status: 'PERMISSION_DENIED' } },
    }));
    const error = await vertexModel()
      .reason(THESIS_TASK)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'http_error' });
    expect((error as Error).message).toContain('HTTP 403');
  });

  it('fails the call, not the agent, when no access token can be had', async () => {
    const config = testConfig({
      CHAT_MODEL_PROVIDER: 'vertex',
      GCP_PROJECT_ID: 'test-project',
      VERTEX_API_ENDPOINT: server.baseUrl,
    });
    const noCredentials = new (class extends AccessTokenSource {
      token(): Promise<string> {
        return Promise.reject(new Error('Could not load the default credentials'));
      }
    })();
    const model = new ModelProviderFactory(config.models, new MemoryResponseCache(), noCredentials);
    const error = await model
      .chatModel('deepseek-v3', 'strategist')
      ?.reason(THESIS_TASK)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ failure: 'http_error' });
    expect(server.requests).toHaveLength(0);
  });

  it('answers the exact same request from the cache, with the tokens it billed the first time', async () => {
    const model = vertexModel();
    const first = await model.reason(THESIS_TASK);
    const second = await model.reason(THESIS_TASK);
    expect(server.requests).toHaveLength(1);
    expect(second).toEqual({ ...first, cached: true });
    expect(second.usage).toEqual({ promptTokens: 120, completionTokens: 30 });
    await model.reason({ ...THESIS_TASK, symbol: 'ETHUSDT' });
    expect(server.requests).toHaveLength(2);
  });

  it('speaks the same protocol to any OpenAI-compatible base URL with OPENAI_API_KEY', async () => {
    const config = testConfig({
      CHAT_MODEL_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${server.baseUrl}/v1/`,
      OPENAI_API_KEY: 'sk-test-key',
      QWEN_MODEL: 'qwen-test',
    });
    const model = new ModelProviderFactory(config.models, new MemoryResponseCache()).chatModel(
      'qwen',
      'risk-analyst',
    );
    const reasoning = await model?.reason({ kind: 'challenge', thesis: THESIS, closes: CLOSES });
    expect(model?.kind).toBe('openai');
    expect(reasoning?.side).toBe('sell');
    expect(server.requests[0]).toMatchObject({
      path: '/v1/chat/completions',
      authorization: 'Bearer sk-test-key',
    });
    const body = bodyOf(server.requests[0]);
    expect(body.model).toBe('qwen-test');
    expect(body.messages[0].content).toContain('You are the risk analyst');
    expect(body.messages[1].content).toContain('Challenge this thesis');
  });
});
