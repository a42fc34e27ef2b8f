import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { CommunicationModule } from '../communication/communication.module.js';
import { OrchestrationModule } from '../orchestration/orchestration.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { AlertMonitor } from './alert-monitor.service.js';
import { AlertsController } from './alerts.controller.js';

/** The operators' alerts without Prometheus: the same conditions as the rules, at `GET /alerts`. */
@Module({
  imports: [CommunicationModule, OrchestrationModule, TradingModule, AgentsModule],
  controllers: [AlertsController],
  providers: [AlertMonitor],
})
export class AlertingModule {}
