import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ComponentLifecycle } from '../platform/component-lifecycle.js';
import { BarTransaction } from '../platform/bar-transaction.js';
import { Monotonic, WallClock } from '../platform/clock.js';
import { MarketTimeline } from '../platform/market-timeline.js';
import { PendingWork } from '../platform/pending-work.js';
import { type CancelTimer, Timers } from '../platform/timers.js';
import { Broker } from './broker.js';
import { MarketDataFeed } from './market-data.feed.js';
import { ReplayPositionRepository } from './replay-position.repository.js';

/**
 * Steps a driven feed (recorded or simulated bars) through the whole service: one bar, then everything
 * that bar set off settles, then the next. The replay command runs it as fast as the CPU allows; the
 * service waits `REPLAY_BAR_INTERVAL_MS` of wall time per bar so a person can watch. Pace changes no
 * figure: each bar meets the same state whatever the wait before it.
 */
@Injectable()
export class MarketReplay implements OnModuleDestroy {
  private readonly logger = new Logger(MarketReplay.name);
  private cancelNext: CancelTimer | undefined;
  private readonly lifecycle = new ComponentLifecycle('market replay');
  private stepping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly feed: MarketDataFeed,
    private readonly timeline: MarketTimeline,
    private readonly pending: PendingWork,
    private readonly timers: Timers,
    private readonly monotonic: Monotonic,
    private readonly broker: Broker,
    private readonly position: ReplayPositionRepository,
    private readonly wall: WallClock,
    private readonly barTransaction: BarTransaction,
  ) {
    // A replay must not depend on how fast a remote model answers.
    pending.orderAnswers(feed.pacing === 'driven');
  }

  /**
   * The service's own pace (`npm start`): a bar every `REPLAY_BAR_INTERVAL_MS` of wall time, once the
   * whole service is up. Nothing for a streaming feed, whose bars come from the venue.
   */
  start(): void {
    if (this.feed.pacing === 'driven' && !this.lifecycle.isStopping)
      void this.lifecycle.start(() => this.next(this.config.trading.replayBarIntervalMs));
  }

  async onModuleDestroy(): Promise<void> {
    this.lifecycle.stop(() => this.cancelNext?.());
    await this.stepping;
  }

  /**
   * One bar, and everything it set off; false once the data has ended. A replayed bar whose effects
   * have settled is the replay's position: a restart resumes after it. With whole-bar commits (a
   * headless run) the bar's writes and its position commit together, with `nextFollows` possibly with
   * the next bars'.
   */
  step(nextFollows = false): Promise<boolean> {
    return this.barTransaction.around(() => this.stepWithin(), nextFollows);
  }

  private async stepWithin(): Promise<boolean> {
    const more = this.feed.step();
    await this.pending.settled();
    if (!more) {
      this.end();
      // Their cancellations are recorded before the replay reports the end.
      await this.pending.settled();
    } else if (this.config.trading.marketData === 'replay')
      this.position.record(this.timeline.now(), this.wall.now());
    return more;
  }

  /** Up to `bars` bars as fast as they settle; returns how many there were. */
  async run(bars = Infinity, onBar?: (done: number) => void): Promise<number> {
    let done = 0;
    try {
      while (done < bars && !this.lifecycle.isStopping && (await this.step(done + 1 < bars))) {
        done += 1;
        onBar?.(done);
      }
    } finally {
      this.barTransaction.commit();
    }
    return done;
  }

  private next(delayMs: number): void {
    this.cancelNext = this.timers.after(delayMs, () => {
      this.stepping = this.paced();
    });
  }

  private async paced(): Promise<void> {
    const started = this.monotonic.now();
    let more: boolean;
    try {
      more = await this.step();
    } catch (error) {
      this.logger.error(
        `replay step failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      more = true;
    }
    if (!more || this.lifecycle.isStopping) return;
    const pace = this.config.trading.replayBarIntervalMs;
    this.next(Math.max(0, pace - (this.monotonic.now() - started)));
  }

  private end(): void {
    if (this.timeline.ended) return;
    this.timeline.end();
    // No bar will come to fill them: open paper orders are cancelled, and recorded as such.
    const cancelled = this.broker.cancelOpenOrders(
      'the market data ended before a bar could fill it',
    );
    this.logger.log(
      `the market data ended at ${new Date(this.timeline.now()).toISOString()}: trading has stopped` +
        (cancelled > 0 ? `; ${cancelled} open order(s) cancelled` : ''),
    );
  }
}
