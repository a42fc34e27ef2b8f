import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import type { MarketTick } from '../trading/candle.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';

/**
 * RiskMetrics decay per 5 minutes of market time: the volatility estimate remembers roughly the last
 * 80 minutes, whatever the bar length (0.94 per 5-minute bar, 0.988 per 1-minute bar).
 */
const DECAY_PER_5_MINUTES = 0.94;
const FIVE_MINUTES_MS = 5 * 60_000;

/**
 * Watches the market feed and tells the coordinator how volatile the market is (an exponentially
 * weighted realised volatility of bar-to-bar log returns, averaged over symbols), so auto-tuning can
 * raise thresholds in calm markets and lower them in volatile ones.
 */
@Injectable()
export class MarketRegimeObserver implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lastClose = new Map<string, number>();
  private readonly variance = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly feed: MarketDataFeed,
    private readonly coordinator: AgentCoordinator,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.feed.onTick((tick) => this.observe(tick));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  observe(tick: MarketTick): void {
    const decay = DECAY_PER_5_MINUTES ** (this.feed.barMs / FIVE_MINUTES_MS);
    let total = 0;
    let symbols = 0;
    for (const bar of tick) {
      const previous = this.lastClose.get(bar.symbol);
      this.lastClose.set(bar.symbol, bar.close);
      if (previous === undefined || previous <= 0 || bar.close <= 0) continue;
      const r = Math.log(bar.close / previous);
      const variance = decay * (this.variance.get(bar.symbol) ?? r * r) + (1 - decay) * r * r;
      this.variance.set(bar.symbol, variance);
      total += Math.sqrt(variance);
      symbols += 1;
    }
    if (symbols > 0) this.coordinator.observeMarketVolatility(total / symbols);
  }
}
