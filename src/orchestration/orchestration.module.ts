import { Module } from '@nestjs/common';
import { CommunicationModule } from '../communication/communication.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { BreakerState } from './breaker.state.js';
import { ExternalFillDesk } from './external-fill.desk.js';
import { ExternalFills } from './external-fills.js';
import { GuidanceService } from './guidance.service.js';
import { LiveStartCheck } from './live-start-check.js';
import { OrchestrationMetrics } from './orchestration.metrics.js';
import { OrchestratorService } from './orchestrator.service.js';
import { OrderDecisions } from './order-decisions.js';
import { PortfolioAdminController } from './portfolio-admin.controller.js';
import { PortfolioMonitor } from './portfolio-monitor.service.js';
import { PortfolioReportRepository } from './portfolio-report.repository.js';
import { PortfolioReportService } from './portfolio-report.service.js';
import { PortfolioController } from './portfolio.controller.js';
import { PortfolioRepository } from './portfolio.repository.js';
import { PortfolioService } from './portfolio.service.js';
import { ReportController } from './report.controller.js';
import { SelfExecutingAgents } from './self-executing-agents.js';

/** Roles, allocations, per-agent ledgers, execution of signals, risk and breakers, guidance, reports. */
@Module({
  imports: [CommunicationModule, TradingModule],
  controllers: [PortfolioController, PortfolioAdminController, ReportController],
  providers: [
    PortfolioRepository,
    PortfolioService,
    LiveStartCheck,
    GuidanceService,
    OrchestratorService,
    PortfolioMonitor,
    PortfolioReportRepository,
    PortfolioReportService,
    OrchestrationMetrics,
    BreakerState,
    OrderDecisions,
    { provide: ExternalFills, useClass: ExternalFillDesk },
    SelfExecutingAgents,
  ],
  exports: [PortfolioService, GuidanceService, OrderDecisions, ExternalFills, SelfExecutingAgents],
})
export class OrchestrationModule {}
