import { Module } from '@nestjs/common';
import { CommunicationModule } from '../../communication/communication.module.js';
import { OrchestrationModule } from '../../orchestration/orchestration.module.js';
import { TradingModule } from '../../trading/trading.module.js';
import { FreqtradeConnector } from './freqtrade-connector.service.js';
import { FreqtradeController } from './freqtrade.controller.js';
import { FreqtradeMetrics } from './freqtrade.metrics.js';

/** A real Freqtrade bot as `freqtrade-hft`, when FREQTRADE_URL is set. Uses communication, orchestration. */
@Module({
  imports: [CommunicationModule, OrchestrationModule, TradingModule],
  controllers: [FreqtradeController],
  providers: [FreqtradeConnector, FreqtradeMetrics],
  exports: [FreqtradeConnector],
})
export class FreqtradeModule {}
