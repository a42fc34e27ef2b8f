import { Module } from '@nestjs/common';
import { CommunicationModule } from '../communication/communication.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { GuidanceService } from './guidance.service.js';
import { OrchestrationMetrics } from './orchestration.metrics.js';
import { OrchestratorService } from './orchestrator.service.js';
import { PortfolioController } from './portfolio.controller.js';
import { PortfolioRepository } from './portfolio.repository.js';
import { PortfolioService } from './portfolio.service.js';

/** Roles, allocations, per-agent ledgers, execution of signals, guidance. */
@Module({
  imports: [CommunicationModule, TradingModule],
  controllers: [PortfolioController],
  providers: [
    PortfolioRepository,
    PortfolioService,
    GuidanceService,
    OrchestratorService,
    OrchestrationMetrics,
  ],
  exports: [PortfolioService],
})
export class OrchestrationModule {}
