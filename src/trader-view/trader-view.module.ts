import { Module } from '@nestjs/common';
import { OrchestrationModule } from '../orchestration/orchestration.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { EquityMarksRepository } from './equity-marks.repository.js';
import { MarketMarkService } from './market-mark.service.js';
import { TradeHistoryRepository } from './trade-history.repository.js';
import { TraderViewController } from './trader-view.controller.js';
import { TraderViewService } from './trader-view.service.js';

/** What a trader reads: orders, fills, positions, equity and allocation over market time, candles. */
@Module({
  imports: [OrchestrationModule, TradingModule],
  controllers: [TraderViewController],
  providers: [TradeHistoryRepository, EquityMarksRepository, MarketMarkService, TraderViewService],
})
export class TraderViewModule {}
