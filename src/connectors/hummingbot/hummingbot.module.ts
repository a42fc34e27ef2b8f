import { type DynamicModule, Module } from '@nestjs/common';
import { CommunicationModule } from '../../communication/communication.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { OrchestrationModule } from '../../orchestration/orchestration.module.js';
import { TradingModule } from '../../trading/trading.module.js';
import { HummingbotConnector } from './hummingbot.connector.js';
import { HummingbotMetrics } from './hummingbot.metrics.js';

/** The real Hummingbot over its MQTT bridge; nothing at all while HUMMINGBOT_MQTT_URL is unset. */
@Module({})
export class HummingbotModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.hummingbot) return { module: HummingbotModule };
    return {
      module: HummingbotModule,
      imports: [CommunicationModule, TradingModule, OrchestrationModule],
      providers: [HummingbotConnector, HummingbotMetrics],
      exports: [HummingbotConnector],
    };
  }
}
