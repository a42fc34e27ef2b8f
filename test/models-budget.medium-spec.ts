import { AgentModels } from '../src/agents/agent-models.service.js';
import { AgentRuntime } from '../src/agents/agent-runtime.service.js';
import { Clock } from '../src/platform/clock.js';
import { MetricsRegistry } from '../src/platform/metrics-registry.js';
import { MarketReplay } from '../src/trading/market-replay.service.js';
import { RecordingJsonServer } from './support/chat-completions-server.js';
import { modelOverrides, teamResponder, TEST_MODELS } from './support/chat-completions-agents.js';
import { testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

/** Market time of one bundled bar. */
const BAR_MS = 5 * 60_000;
/** The next UTC day: the replay starts at 08:00 on 1 May 2021, 192 bars before it. */
const MIDNIGHT = Date.UTC(2021, 4, 2);

/** Each chat answer bills 150 tokens; three of them reach the limit. */
const TOKEN_BUDGET = 450;

describe('daily model budgets on the running service', () => {
  let server: RecordingJsonServer;
  let service: TestApp;
  const now = () => service.app.get(Clock).now();

  const stateOf = (agentId: string) =>
    service.app
      .get(AgentRuntime)
      .statuses()
      .find((s) => s.agentId === agentId)?.state;
  const requestsFor = (model: string) =>
    server.requests.filter((r) => (r.body as { model?: string }).model === model).length;

  /** Bars in market time, each settled (model calls included) before the next. */
  async function step(bars: number, until: () => boolean = () => false): Promise<void> {
    const replay = service.app.get(MarketReplay);
    for (let bar = 0; bar < bars && !until(); bar++) await replay.step();
  }

  beforeAll(async () => {
    server = await RecordingJsonServer.start(teamResponder);
    service = await TestApp.start(
      testConfig({
        ...modelOverrides(server.baseUrl),
        LLM_DAILY_TOKEN_BUDGET: String(TOKEN_BUDGET),
      }),
    );
  });

  afterAll(async () => {
    await service.close();
    await server.close();
  });

  it('stops an agent at its limit: paused, alert raised, no further request', async () => {
    await step(150, () => stateOf('deepseek-v3') === 'paused');
    expect(stateOf('deepseek-v3')).toBe('paused');
    expect(now()).toBeLessThan(MIDNIGHT - 20 * BAR_MS);
    expect(requestsFor(TEST_MODELS.deepseek)).toBe(TOKEN_BUDGET / 150);
    expect(service.app.get(AgentModels).callCounts()['deepseek-v3']).toMatchObject({
      promptTokens: 360,
      completionTokens: 90,
    });
    const metrics = await service.app.get(MetricsRegistry).scrape();
    expect(metrics).toMatch(/^llm_budget_exhausted\{agent="deepseek-v3"\} 1$/m);

    await step(100, () => now() >= MIDNIGHT - 2 * BAR_MS);
    expect(stateOf('deepseek-v3')).toBe('paused');
    expect(requestsFor(TEST_MODELS.deepseek)).toBe(TOKEN_BUDGET / 150);
    // The budget is per agent: the others had their own, and the forecaster bills no tokens.
    for (const model of [TEST_MODELS.qwen, TEST_MODELS.fingpt]) {
      expect(requestsFor(model)).toBeLessThanOrEqual(TOKEN_BUDGET / 150);
    }
    expect(stateOf('lag-llama')).toBe('running');
  });

  it('resumes the agent on the next day of market time', async () => {
    await step(200, () => stateOf('deepseek-v3') === 'running');
    expect(stateOf('deepseek-v3')).toBe('running');
    expect(now()).toBeGreaterThanOrEqual(MIDNIGHT);
    expect(now()).toBeLessThan(MIDNIGHT + BAR_MS);
    const metrics = await service.app.get(MetricsRegistry).scrape();
    expect(metrics).toMatch(/^llm_budget_exhausted\{agent="deepseek-v3"\} 0$/m);
    await step(200, () => requestsFor(TEST_MODELS.deepseek) > TOKEN_BUDGET / 150);
    expect(requestsFor(TEST_MODELS.deepseek)).toBeGreaterThan(TOKEN_BUDGET / 150);
  });
});
