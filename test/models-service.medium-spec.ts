import request from 'supertest';
import { AgentModels } from '../src/agents/agent-models.service.js';
import { DomainEvents, type ModelCostEvent } from '../src/platform/domain-events.js';
import type { ActivityReportDto } from '../src/communication/agent-activity.dto.js';
import type { MessageEnvelope } from '../src/communication/message-envelope.js';
import { RecordingJsonServer } from './support/chat-completions-server.js';
import {
  modelOverrides,
  PREDICT_PATH,
  teamResponder,
  TEST_MODELS,
} from './support/chat-completions-agents.js';
import { bundledMarketWithHeadlinesFrom } from './support/headlines-in-period.js';
import { testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const MODEL_AGENTS = ['deepseek-v3', 'qwen', 'fingpt', 'lag-llama'];

/** Steps the market until `done` holds: model calls started by ticks finish on their own time. */
async function advanceUntil(app: TestApp, done: () => boolean, maxBars = 200): Promise<void> {
  for (let bar = 0; bar < maxBars && !done(); bar++) {
    await app.advance(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the service with its models on a local OpenAI-compatible and :predict server', () => {
  let server: RecordingJsonServer;
  let app: TestApp;
  const published: MessageEnvelope[] = [];
  const costs: ModelCostEvent[] = [];
  const from = (agent: string, type: MessageEnvelope['type']) =>
    published.filter((m) => m.from === agent && m.type === type);

  beforeAll(async () => {
    server = await RecordingJsonServer.start(teamResponder);
    app = await TestApp.start(
      testConfig({
        ...modelOverrides(server.baseUrl),
        MARKET_DATA_DIR: bundledMarketWithHeadlinesFrom('2021-05-01T08:30:00Z'),
      }),
    );
    app.coordinator.bus.tap((message, outcome) => {
      if (outcome === 'accepted') published.push(message);
    });
    app.app.get(DomainEvents).on('agent.model-cost', (event) => costs.push(event));
    await advanceUntil(
      app,
      () =>
        from('deepseek-v3', 'thesis').length > 0 &&
        from('qwen', 'discussion').length > 0 &&
        from('fingpt', 'signal').length > 0 &&
        from('lag-llama', 'thesis').length > 0,
    );
  });

  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('publishes the strategist’s theses from the model', () => {
    const theses = from('deepseek-v3', 'thesis');
    expect(theses.length).toBeGreaterThan(0);
    for (const thesis of theses) {
      expect(thesis).toMatchObject({
        side: 'buy',
        confidence: 0.8,
        horizon: '4h',
        text: 'DeepSeek: breakout above the slow EMA.',
      });
    }
    expect(from('deepseek-v3', 'signal')[0]).toMatchObject({
      side: 'buy',
      text: 'DeepSeek: breakout above the slow EMA.',
    });
  });

  it('holds the risk analyst’s discussions from the model', () => {
    for (const note of from('qwen', 'discussion')) {
      expect(note.text).toBe('Qwen: volatility too high for this size.');
    }
  });

  it('trades the sentiment model’s reading of the headlines', () => {
    const [signal] = from('fingpt', 'signal');
    expect(signal).toMatchObject({ side: 'sell', confidence: 0.95 });
    expect(signal.text).toMatch(
      /^model sentiment -0\.90 on ".*".*: FinGPT: clearly negative news\.$/,
    );
  });

  it('publishes Lag-Llama’s forecasts as theses', () => {
    const [thesis] = from('lag-llama', 'thesis');
    expect(thesis.side).toBe('buy');
    expect(thesis.text).toMatch(/^Lag-Llama forecast for \w+USDT 12 bars ahead/);
  });

  it('sent exactly the protocol requests, each with its credentials', () => {
    const chat = server.requests.filter((r) => r.path === '/v1/chat/completions');
    const predict = server.requests.filter((r) => r.path === PREDICT_PATH);
    expect(chat.length + predict.length).toBe(server.requests.length);
    expect(chat.every((r) => r.method === 'POST' && r.authorization === 'Bearer sk-test-key')).toBe(
      true,
    );
    expect(
      predict.every((r) => r.method === 'POST' && r.authorization === 'Bearer vertex-test-token'),
    ).toBe(true);
    const models = new Set(chat.map((r) => (r.body as { model: string }).model));
    expect(models).toEqual(new Set(Object.values(TEST_MODELS)));
  });

  it('shows the model agents active (sending, seen) in GET /agent-activity', async () => {
    const response = await request(app.server).get('/agent-activity');
    expect(response.status).toBe(200);
    const { agents } = response.body as ActivityReportDto;
    for (const id of MODEL_AGENTS) {
      const agent = agents.find((a) => a.agentId === id);
      expect(agent?.sent).toBeGreaterThan(0);
      expect(agent?.lastSeenAt).toBeTruthy();
    }
  });

  it('counts calls, tokens and cost, reports them as metrics and charges the cost to the agent', async () => {
    const counts = app.app.get(AgentModels).callCounts();
    expect(counts['deepseek-v3'].calls.ok).toBeGreaterThan(0);
    expect(counts['deepseek-v3'].promptTokens).toBe(120 * counts['deepseek-v3'].calls.ok);
    const metrics = (await request(app.server).get('/metrics')).text;
    expect(metrics).toMatch(/^llm_requests_total\{agent="deepseek-v3",outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^llm_tokens_total\{agent="qwen",direction="output"\} [1-9]/m);
    expect(metrics).toMatch(/^llm_cost_usd_total\{agent="fingpt"\} 0\.000/m);
    expect(metrics).toMatch(/^llm_latency_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^llm_budget_exhausted\{agent="deepseek-v3"\} 0$/m);
    // 120 input + 30 output tokens at $1/$2 per million
    expect(costs.find((c) => c.agentId === 'deepseek-v3')?.costUsd).toBeCloseTo(0.00018, 10);
  });
});
