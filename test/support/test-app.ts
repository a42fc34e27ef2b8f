import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../src/config/app-config.js';
import { AgentCoordinator } from '../../src/communication/agent-coordinator.service.js';
import { createHttpApp } from '../../src/http-app.js';
import { JsonLogger } from '../../src/platform/json-logger.js';
import { Readiness } from '../../src/platform/readiness.js';
import { MarketDataFeed } from '../../src/trading/market-data.feed.js';
import { SteppedFeed } from '../../src/trading/stepped.feed.js';

/** The real application, booted in-process on the given configuration, with the market under test control. */
export class TestApp {
  private constructor(readonly app: NestFastifyApplication) {}

  static async start(config: AppConfig): Promise<TestApp> {
    const app = await createHttpApp(config, new JsonLogger('ERROR'));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    app.get(Readiness).markReady();
    return new TestApp(app);
  }

  get server() {
    return this.app.getHttpServer();
  }

  get coordinator(): AgentCoordinator {
    return this.app.get(AgentCoordinator);
  }

  /** Advances the replay `bars` steps and waits until every agent has handled what followed. */
  async advance(bars = 1): Promise<void> {
    const feed = this.app.get(MarketDataFeed);
    if (!(feed instanceof SteppedFeed)) throw new Error('the test feed must be a stepped feed');
    for (let i = 0; i < bars; i++) {
      feed.step();
      await this.coordinator.bus.whenIdle();
    }
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
