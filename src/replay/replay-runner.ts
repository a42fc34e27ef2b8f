import { NestFactory } from '@nestjs/core';
import { AgentModels } from '../agents/agent-models.service.js';
import { AppModule } from '../app.module.js';
import { ACTIVITY_TICK_MS, AgentCoordinator } from '../communication/agent-coordinator.service.js';
import type { AppConfig } from '../config/app-config.js';
import { MarketDataFeed, type TickListener } from '../trading/market-data.feed.js';
import { MessageSampler } from './message-sampler.js';
import { OutboxShipper } from '../export/outbox-shipper.service.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { SystemMonotonic, SystemWallClock } from '../platform/clock.js';
import { JsonLogger } from '../platform/json-logger.js';
import { MarketTimeline } from '../platform/market-timeline.js';
import { marketStartTime } from '../trading/market-start.js';
import { MarketReplay } from '../trading/market-replay.service.js';
import { EquityCurve } from './equity-curve.js';
import { headlessCommits } from './headless-outsiders.js';
import { BalanceTracker, type ReplayReport } from './replay-report.js';

export interface ReplayOptions {
  readonly config: AppConfig;
  /** Bars to replay at most; the data's end stops it sooner. */
  readonly bars?: number;
  readonly onProgress?: (done: number) => void;
  /** Sees every replayed bar (after the service has). */
  readonly onTick?: TickListener;
}

/**
 * Runs the whole service — agents, coordinator, orchestrator, paper broker, exporter — over the market
 * data as fast as the machine allows: the same modules, the same market replay that `npm start` paces,
 * only without waiting between bars. Everything a bar sets off settles before the next, and the outbox
 * is shipped to the end before it returns, so the same data gives the same orders, fills and rows.
 * With nothing outside the process to tell (`headlessOutsiders`), whole bars commit together.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayReport> {
  const { config } = options;
  const wall = new SystemWallClock();
  const monotonic = new SystemMonotonic();
  const marketStartMs = marketStartTime(config, wall.now());
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { marketStartMs }, headlessCommits(config)),
    // Stdout is the replay's report (`--json` included); what goes wrong goes to stderr.
    { logger: new JsonLogger('ERROR', (line) => process.stderr.write(line)) },
  );
  const startedAt = monotonic.now();
  try {
    // Messages per type so far at each bar's open, and every bar to whoever asked for it.
    const messages = new MessageSampler(app.get(AgentCoordinator));
    app.get(MarketDataFeed).onTick((tick) => {
      if (tick.length > 0) messages.sample(tick[0].openTime);
      options.onTick?.(tick);
    });

    const timeline = app.get(MarketTimeline);
    const coordinator = app.get(AgentCoordinator);
    const balance = new BalanceTracker();
    const portfolioService = app.get(PortfolioService);
    const curve = new EquityCurve(portfolioService.status().initialCapitalUsd);
    // Scores move only when the coordinator folds activity in: sample once per activity tick.
    let sampledTick = -1;
    const bars = await app.get(MarketReplay).run(options.bars, (done) => {
      const tick = Math.floor(timeline.now() / ACTIVITY_TICK_MS);
      if (tick !== sampledTick) {
        sampledTick = tick;
        balance.sample(timeline.now(), coordinator.activity());
      }
      curve.sample(portfolioService.equityUsd());
      options.onProgress?.(done);
    });
    await app.get(OutboxShipper).drainAll();
    const portfolio = app.get(PortfolioService).status();
    return {
      dataDir: config.dataDir,
      bars,
      marketStart: new Date(marketStartMs).toISOString(),
      marketEnd: new Date(timeline.now()).toISOString(),
      simulatedMs: timeline.now() - marketStartMs,
      wallMs: monotonic.now() - startedAt,
      mcpEnabled: config.communication.mcpEnabled,
      activity: coordinator.activity(),
      balance: balance.results(),
      messagesByType: coordinator.messagesByType(),
      messageSamples: messages.results(),
      models: app.get(AgentModels).callCounts(),
      fills: portfolio.agents.reduce((sum, a) => sum + a.fills, 0),
      equityUsd: portfolio.equityUsd,
      initialCapitalUsd: portfolio.initialCapitalUsd,
      equity: curve.figures(),
    };
  } finally {
    await app.close();
  }
}
