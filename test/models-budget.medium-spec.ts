import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AgentModels } from '../src/agents/agent-models.service.js';
import { AgentRuntime } from '../src/agents/agent-runtime.service.js';
import { AppModule } from '../src/app.module.js';
import { AgentCoordinator } from '../src/communication/agent-coordinator.service.js';
import { ManualClock } from '../src/platform/clock.js';
import { JsonLogger } from '../src/platform/json-logger.js';
import { MetricsRegistry } from '../src/platform/metrics-registry.js';
import { ManualScheduler } from '../src/platform/scheduler.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import { SteppedFeed } from '../src/trading/stepped.feed.js';
import { RecordingJsonServer } from './support/chat-completions-server.js';
import { modelOverrides, teamResponder, TEST_MODELS } from './support/chat-completions-agents.js';
import { testConfig } from './support/test-config.js';

const BAR_MS = 250;
/** The next UTC day starts 600 bars into the run (a scheduler catching up a whole day would crawl). */
const MIDNIGHT = Date.UTC(2021, 4, 2);
const START = MIDNIGHT - 600 * BAR_MS;

/** Each chat answer bills 150 tokens; three of them reach the limit. */
const TOKEN_BUDGET = 450;

describe('daily model budgets on the running service', () => {
  let server: RecordingJsonServer;
  let app: INestApplicationContext;
  const clock = new ManualClock(START);
  const scheduler = new ManualScheduler(clock);

  const stateOf = (agentId: string) =>
    app
      .get(AgentRuntime)
      .statuses()
      .find((s) => s.agentId === agentId)?.state;
  const requestsFor = (model: string) =>
    server.requests.filter((r) => (r.body as { model?: string }).model === model).length;

  async function step(bars: number, until: () => boolean = () => false): Promise<void> {
    const feed = app.get<MarketDataFeed, SteppedFeed>(MarketDataFeed);
    const { bus } = app.get(AgentCoordinator);
    for (let bar = 0; bar < bars && !until(); bar++) {
      clock.advance(BAR_MS);
      scheduler.runDue();
      feed.step();
      await bus.whenIdle();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  beforeAll(async () => {
    server = await RecordingJsonServer.start(teamResponder);
    const config = testConfig({
      ...modelOverrides(server.baseUrl),
      LLM_DAILY_TOKEN_BUDGET: String(TOKEN_BUDGET),
      REPLAY_BAR_INTERVAL_MS: String(BAR_MS),
    });
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot(config, { clock, scheduler }),
      {
        logger: new JsonLogger('ERROR'),
      },
    );
    const feed = app.get(MarketDataFeed);
    if (!(feed instanceof SteppedFeed)) throw new Error('needs the stepped replay feed');
    feed.stop();
  });

  afterAll(async () => {
    // Let calls still in flight land before the database closes under them.
    await step(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.get(AgentCoordinator).bus.whenIdle();
    await app.close();
    await server.close();
  });

  it('stops an agent at its limit: paused, alert raised, no further request', async () => {
    await step(400, () => stateOf('deepseek-v3') === 'paused');
    expect(stateOf('deepseek-v3')).toBe('paused');
    expect(clock.now()).toBeLessThan(MIDNIGHT - 100 * BAR_MS);
    expect(requestsFor(TEST_MODELS.deepseek)).toBe(TOKEN_BUDGET / 150);
    expect(app.get(AgentModels).callCounts()['deepseek-v3']).toMatchObject({
      promptTokens: 360,
      completionTokens: 90,
    });
    const metrics = await app.get(MetricsRegistry).scrape();
    expect(metrics).toMatch(/^llm_budget_exhausted\{agent="deepseek-v3"\} 1$/m);

    await step(100);
    expect(stateOf('deepseek-v3')).toBe('paused');
    expect(requestsFor(TEST_MODELS.deepseek)).toBe(TOKEN_BUDGET / 150);
    // The budget is per agent: the others had their own, and the forecaster bills no tokens.
    for (const model of [TEST_MODELS.qwen, TEST_MODELS.fingpt]) {
      expect(requestsFor(model)).toBeLessThanOrEqual(TOKEN_BUDGET / 150);
    }
    expect(stateOf('lag-llama')).toBe('running');
  });

  it('resumes the agent on the next day of the clock', async () => {
    await step(700, () => stateOf('deepseek-v3') === 'running');
    expect(stateOf('deepseek-v3')).toBe('running');
    expect(clock.now()).toBeGreaterThanOrEqual(MIDNIGHT);
    expect(clock.now()).toBeLessThan(MIDNIGHT + BAR_MS);
    const metrics = await app.get(MetricsRegistry).scrape();
    expect(metrics).toMatch(/^llm_budget_exhausted\{agent="deepseek-v3"\} 0$/m);
    await step(200, () => requestsFor(TEST_MODELS.deepseek) > TOKEN_BUDGET / 150);
    expect(requestsFor(TEST_MODELS.deepseek)).toBeGreaterThan(TOKEN_BUDGET / 150);
  });
});
