import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { BarTransaction } from '../platform/bar-transaction.js';
import { Clock } from '../platform/clock.js';
import { type CancelTimer, Timers } from '../platform/timers.js';
import type { MarketTick } from '../trading/candle.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import { EquityMarksRepository, type EquityMark } from './equity-marks.repository.js';
import { valuePosition } from './positions-snapshot.js';
import type { AgentPositionsDto } from './trader-view.dto.js';

/** Equity marks reach the database at least this often (real time), like the outbox's group commit. */
const MARK_FLUSH_MS = 250;

export interface MarkSnapshot {
  /** Market time of the mark. */
  readonly ts: number;
  readonly agents: readonly AgentPositionsDto[];
}

/**
 * At every market bar it marks the portfolio: it stores each agent's and the portfolio's equity and
 * allocation, and keeps the positions valued at that bar, so reads are served from the mark rather
 * than recomputed per request.
 */
@Injectable()
export class MarketMarkService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MarketMarkService.name);
  private current: MarkSnapshot | undefined;
  private markedAt: number | undefined;
  private unsubscribe: (() => void) | undefined;
  private cancelFlush: CancelTimer | undefined;
  private failing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly feed: MarketDataFeed,
    private readonly portfolio: PortfolioService,
    private readonly marks: EquityMarksRepository,
    private readonly timers: Timers,
    private readonly bars: BarTransaction,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.feed.onTick((tick) => this.mark(tick));
    this.cancelFlush = this.timers.every(MARK_FLUSH_MS, () => this.flushMarks());
    // Whole bars committing together (a backtest) commit their marks with them.
    this.bars.beforeCommit(() => this.flushMarks());
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.cancelFlush?.();
    this.flushMarks();
  }

  private flushMarks(): void {
    try {
      this.marks.flush();
    } catch (error) {
      this.logger.error(`writing equity marks failed: ${String(error)}`);
    }
  }

  /** The positions at the last mark, valued when first asked for after it (reads between bars share it). */
  get snapshot(): MarkSnapshot {
    this.current ??= this.positions(this.markedAt ?? this.clock.now());
    return this.current;
  }

  /**
   * Marks the bar just processed, stamped with its own time (the bar's open, as `/candles` gives it),
   * so equity lines up with prices whatever pace the replay runs at.
   */
  mark(tick: MarketTick): void {
    if (tick.length === 0) return;
    try {
      const ts = Math.max(...tick.map((c) => c.openTime));
      const status = this.portfolio.equityMarks();
      const marks: EquityMark[] = status.agents.map((a) => ({
        id: a.agentId,
        ts,
        equityUsd: a.equityUsd,
        pnlUsd: a.pnlUsd,
        allocationPct: a.allocationPct,
        targetPct: a.targetPct,
      }));
      marks.push({
        id: 'portfolio',
        ts,
        equityUsd: status.equityUsd,
        pnlUsd: status.equityUsd - status.initialCapitalUsd,
        allocationPct: 100,
        targetPct: 100,
      });
      this.marks.save(marks);
      this.markedAt = ts;
      this.current = undefined;
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.error(`marking the portfolio failed: ${String(error)}`);
      this.failing = true;
    }
  }

  private positions(ts: number): MarkSnapshot {
    const agents = this.config.roster.map(({ id: agentId }) => ({
      agentId,
      positions: this.portfolio
        .ledger(agentId)
        .snapshot()
        .positions.filter((p) => p.quantity > 0)
        .map((p) => valuePosition(p, this.portfolio.price)),
    }));
    return { ts, agents };
  }
}
