import { Module } from '@nestjs/common';
import { CommunicationModule } from '../communication/communication.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { MarketRegimeObserver } from './market-regime.observer.js';

/** Feeds the market's volatility to the coordinator's auto-tuning. */
@Module({ imports: [CommunicationModule, TradingModule], providers: [MarketRegimeObserver] })
export class MarketRegimeModule {}
