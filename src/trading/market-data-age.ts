import type { AppConfig } from '../config/app-config.js';
import type { Monotonic } from '../platform/clock.js';
import type { MetricsRegistry } from '../platform/metrics-registry.js';
import { KLINE_INTERVALS } from './aster/kline-interval.js';
import type { MarketDataFeed } from './market-data.feed.js';

/** Bars missed in a row, in elapsed time, before the market data counts as stale. */
export const STALE_AFTER_BARS = 3;

/**
 * How long ago the last bar arrived, in monotonic (elapsed) time. Market time cannot say it: it moves
 * only when bars arrive, so a stalled feed freezes it. Market data is stale when no new bar came for
 * `STALE_AFTER_BARS` times the feed's bar interval in elapsed time (a replayed bar every
 * `REPLAY_BAR_INTERVAL_MS`, a live kline every `ASTER_KLINE_INTERVAL`).
 */
export class MarketDataAge {
  /** Elapsed time the feed takes per bar, in ms. */
  readonly barIntervalMs: number;
  private lastBarAt: number;

  constructor(
    config: AppConfig,
    feed: MarketDataFeed,
    private readonly monotonic: Monotonic,
  ) {
    this.barIntervalMs =
      config.trading.marketData === 'aster'
        ? KLINE_INTERVALS[config.trading.aster.klineInterval]
        : config.trading.replayBarIntervalMs;
    this.lastBarAt = monotonic.now();
    feed.onTick(() => (this.lastBarAt = this.monotonic.now()));
  }

  /** Elapsed ms since the last bar (since start before the first). */
  ageMs(): number {
    return this.monotonic.now() - this.lastBarAt;
  }

  get stale(): boolean {
    return this.ageMs() > STALE_AFTER_BARS * this.barIntervalMs;
  }

  register(metrics: MetricsRegistry): void {
    metrics.gauge({
      name: 'market_data_age_seconds',
      help: 'Elapsed (monotonic) seconds since the last market data bar arrived.',
      read: (set) => set({}, this.ageMs() / 1_000),
    });
    metrics.gauge({
      name: 'market_data_bar_interval_seconds',
      help: 'Elapsed seconds the feed takes per bar; data is stale after 3 intervals without a bar.',
      read: (set) => set({}, this.barIntervalMs / 1_000),
    });
  }
}
