import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AccessModule } from './access/access.module.js';
import { AgentsModule } from './agents/agents.module.js';
import { AlertingModule } from './alerting/alerting.module.js';
import { BackupModule } from './backup/backup.module.js';
import { BridgeModule } from './bridge/bridge.module.js';
import { FreqtradeModule } from './connectors/freqtrade/freqtrade.module.js';
import { CommunicationModule } from './communication/communication.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { HummingbotModule } from './connectors/hummingbot/hummingbot.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { ExportModule } from './export/export.module.js';
import { McpModule } from './mcp/mcp.module.js';
import { MarketRegimeModule } from './orchestration/market-regime.module.js';
import { OrchestrationModule } from './orchestration/orchestration.module.js';
import { PlatformModule, type PlatformTime } from './platform/platform.module.js';
import { ReplayCommits } from './platform/replay-commits.js';
import { TradingModule } from './trading/trading.module.js';
import { TraderViewModule } from './trader-view/trader-view.module.js';

/**
 * The whole service, for one validated configuration; `time` says where market time starts.
 */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    time: PlatformTime,
    commits = ReplayCommits.eachWrite,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Rare domain events between modules only (allocation changed, model cost); never per message.
        EventEmitterModule.forRoot(),
        PlatformModule.forRoot(time, commits),
        AccessModule,
        CommunicationModule,
        TradingModule,
        OrchestrationModule,
        MarketRegimeModule,
        AgentsModule,
        BridgeModule,
        FreqtradeModule,
        McpModule,
        ExportModule,
        AlertingModule,
        DashboardModule,
        TraderViewModule,
        BackupModule,
        HummingbotModule.forRoot(config),
      ],
    };
  }
}
