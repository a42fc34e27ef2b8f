import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import type { AppConfig } from '../config/app-config.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { ManualClock } from '../platform/clock.js';
import { JsonLogger } from '../platform/json-logger.js';
import { ManualScheduler } from '../platform/scheduler.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import { SteppedFeed } from '../trading/stepped.feed.js';
import { BalanceTracker, type ReplayReport } from './replay-report.js';

/** Where simulated time starts: the first bar after the feed's warm-up, so runs are repeatable. */
export const REPLAY_EPOCH_MS = Date.UTC(2021, 4, 1, 8);
const BALANCE_SAMPLE_MS = 1_000;

export interface ReplayOptions {
  readonly config: AppConfig;
  /** Bars to replay; the bundled month has 8,832 after the warm-up. */
  readonly bars: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the whole service — agents, coordinator, orchestrator, paper broker — over the bundled candles
 * on a manual clock, as fast as the machine allows. Each bar advances simulated time by
 * `REPLAY_BAR_INTERVAL_MS`, exactly as `npm start` paces it, so throttling behaves as it would live.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayReport> {
  const { config, bars } = options;
  const clock = new ManualClock(REPLAY_EPOCH_MS);
  const scheduler = new ManualScheduler(clock);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { clock, scheduler }),
    // Stdout is the replay's report (`--json` included); what goes wrong goes to stderr.
    { logger: new JsonLogger('ERROR', (line) => process.stderr.write(line)) },
  );
  const startedAt = performance.now();
  try {
    const feed = app.get(MarketDataFeed);
    if (!(feed instanceof SteppedFeed))
      throw new Error('the replay needs a stepped feed (MARKET_DATA=replay or simulated)');
    feed.stop(); // the replay, not a timer, advances the market
    const { bus } = app.get(AgentCoordinator);
    const coordinator = app.get(AgentCoordinator);
    const balance = new BalanceTracker();
    let nextSample = clock.now() + BALANCE_SAMPLE_MS;
    for (let bar = 0; bar < bars; bar++) {
      clock.advance(config.trading.replayBarIntervalMs);
      scheduler.runDue();
      feed.step();
      await bus.whenIdle();
      while (clock.now() >= nextSample) {
        balance.sample(nextSample, coordinator.activity());
        nextSample += BALANCE_SAMPLE_MS;
      }
      options.onProgress?.(bar + 1, bars);
    }
    const portfolio = app.get(PortfolioService).status();
    return {
      bars,
      simulatedMs: clock.now() - REPLAY_EPOCH_MS,
      wallMs: performance.now() - startedAt,
      mcpEnabled: config.communication.mcpEnabled,
      activity: coordinator.activity(),
      balance: balance.results(),
      fills: portfolio.agents.reduce((sum, a) => sum + a.fills, 0),
      equityUsd: portfolio.equityUsd,
    };
  } finally {
    await app.close();
  }
}
