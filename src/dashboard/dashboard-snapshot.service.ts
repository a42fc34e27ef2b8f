import { Injectable, Logger } from '@nestjs/common';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import { BUS_OUTCOMES } from '../communication/agent-bus.js';
import { AppConfig } from '../config/app-config.js';
import { MESSAGE_TYPES } from '../config/roster.js';
import type { PortfolioStatusDto } from '../orchestration/portfolio.dto.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { Clock } from '../platform/clock.js';
import { MarketTimeline } from '../platform/market-timeline.js';
import type {
  BusTraffic,
  DashboardSnapshot,
  FeedItem,
  HistoryPoint,
} from './dashboard-snapshot.js';
import { RecentMessages, type FeedEntry } from './recent-messages.js';

/** Ten minutes of one-second samples: enough for the curves a trader glances at. */
export const HISTORY_POINTS = 600;

/**
 * Reads the portfolio and the coordinator (never changes them) into the snapshots the dashboard
 * streams, keeps the recent curve samples, and keeps the last theses and discussions from a bus tap.
 */
@Injectable()
export class DashboardSnapshotService {
  private readonly logger = new Logger(DashboardSnapshotService.name);
  private readonly recent = new RecentMessages();
  private readonly history: HistoryPoint[] = [];
  private readonly agentIds: readonly string[];
  private portfolioFailed = false;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly coordinator: AgentCoordinator,
    private readonly portfolio: PortfolioService,
    private readonly timeline: MarketTimeline,
  ) {
    this.agentIds = config.roster.map((a) => a.id);
    coordinator.bus.tap((message, outcome) => {
      if (outcome === 'accepted') this.recent.record(message);
    });
  }

  get lastFeedSeq(): number {
    return this.recent.lastSeq;
  }

  /** Takes one sample for the curves and returns the snapshot with the feed after `afterSeq`. */
  sample(afterSeq: number): DashboardSnapshot {
    const snapshot = this.snapshot(afterSeq);
    this.history.push({
      ts: snapshot.ts,
      equityUsd: snapshot.portfolio?.equityUsd ?? 0,
      drawdownPct: snapshot.portfolio?.drawdownPct ?? 0,
      sent: snapshot.activity.agents.map((a) => a.sent),
    });
    if (this.history.length > HISTORY_POINTS) this.history.shift();
    return snapshot;
  }

  /** What a page that just connected needs: the current state, every kept feed entry, the curves. */
  opening(): DashboardSnapshot {
    return { ...this.snapshot(0), history: [...this.history] };
  }

  private snapshot(afterSeq: number): DashboardSnapshot {
    return {
      ts: this.clock.now(),
      agentIds: this.agentIds,
      portfolio: this.portfolioStatus(),
      activity: this.coordinator.activity(),
      bus: this.traffic(),
      feed: this.recent.since(afterSeq).map(toFeedItem),
      ...(this.timeline.endedAt === undefined ? {} : { marketEndedAt: this.timeline.endedAt }),
    };
  }

  /** One failing panel must not take the stream down: the page shows the portfolio as unavailable. */
  private portfolioStatus(): PortfolioStatusDto | null {
    try {
      const status = this.portfolio.status();
      this.portfolioFailed = false;
      return status;
    } catch (error) {
      if (!this.portfolioFailed)
        this.logger.warn(
          `portfolio status failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      this.portfolioFailed = true;
      return null;
    }
  }

  private traffic(): BusTraffic {
    const { byType, latency } = this.coordinator.bus.snapshot();
    return {
      types: MESSAGE_TYPES,
      outcomes: BUS_OUTCOMES,
      counts: MESSAGE_TYPES.map((type) => BUS_OUTCOMES.map((outcome) => byType[type][outcome])),
      latency: { ...latency, buckets: [...latency.buckets] },
    };
  }
}

function toFeedItem({ seq, message: m }: FeedEntry): FeedItem {
  return {
    seq,
    id: m.id,
    type: m.type,
    from: m.from,
    to: m.to,
    ts: m.ts,
    symbol: m.symbol,
    side: m.side,
    confidence: m.confidence,
    horizon: m.horizon,
    text: m.text,
    correlationId: m.correlationId,
  };
}
