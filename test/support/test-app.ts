import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../src/config/app-config.js';
import { AgentCoordinator } from '../../src/communication/agent-coordinator.service.js';
import { createHttpApp } from '../../src/http-app.js';
import { JsonLogger } from '../../src/platform/json-logger.js';
import { Readiness } from '../../src/platform/readiness.js';
import { MarketReplay } from '../../src/trading/market-replay.service.js';

/** The real application, booted in-process on the given configuration, with the market under test control. */
export class TestApp {
  private constructor(readonly app: NestFastifyApplication) {}

  static async start(config: AppConfig): Promise<TestApp> {
    // The test, not the service's own pace, moves the market.
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

  /** Advances the replay `bars` bars, each settled (every agent has handled what followed). */
  async advance(bars = 1): Promise<void> {
    await this.app.get(MarketReplay).run(bars);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
