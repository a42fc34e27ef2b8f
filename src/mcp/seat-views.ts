import { Injectable } from '@nestjs/common';
import { AgentModels, type ModelBudgetState } from '../agents/agent-models.service.js';
import { AppConfig } from '../config/app-config.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import type { MessageEnvelope } from '../communication/message-envelope.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';

/**
 * What a seat may read, built from the read models the portfolio, the coordinator and the feed publish.
 * A seat sees the whole portfolio only in totals; of ledgers, only its own.
 */
@Injectable()
export class SeatViews {
  constructor(
    private readonly config: AppConfig,
    private readonly portfolio: PortfolioService,
    private readonly coordinator: AgentCoordinator,
    private readonly feed: MarketDataFeed,
    private readonly models: AgentModels,
  ) {}

  portfolioSnapshot() {
    const status = this.portfolio.status();
    return {
      mode: status.mode,
      equityUsd: status.equityUsd,
      cashUsd: status.cashUsd,
      reserveUsd: status.reserveUsd,
      initialCapitalUsd: status.initialCapitalUsd,
      drawdownPct: status.drawdownPct,
      halted: status.halted,
      agents: status.agents.map((a) => ({
        agentId: a.agentId,
        role: a.role,
        allocationPct: a.allocationPct,
        targetPct: a.targetPct,
      })),
      updatedAt: status.updatedAt,
    };
  }

  /** The seat's own sub-ledger: cash, positions at average cost, fees, PnL. */
  ledger(agentId: string) {
    const row = this.portfolio.status().agents.find((a) => a.agentId === agentId);
    const ledger = this.portfolio.ledger(agentId).snapshot();
    return {
      agentId,
      cashUsd: ledger.cashUsd,
      contributedUsd: ledger.contributedUsd,
      equityUsd: row?.equityUsd ?? ledger.cashUsd,
      exposureUsd: row?.exposureUsd ?? 0,
      pnlUsd: row?.pnlUsd ?? 0,
      realizedPnlUsd: ledger.realizedPnlUsd,
      unrealizedPnlUsd: row?.unrealizedPnlUsd ?? 0,
      feesUsd: ledger.feesUsd,
      fills: row?.fills ?? 0,
      positions: ledger.positions.map((p) => ({ ...p })),
    };
  }

  risk() {
    const p = this.config.portfolio;
    return {
      limits: {
        maxDrawdownPct: p.maxDrawdownPct,
        agentMaxDrawdownPct: p.agentMaxDrawdownPct,
        breakerMode: p.breakerMode,
        maxGrossExposurePct: p.maxGrossExposurePct,
        maxSymbolExposurePct: p.maxSymbolExposurePct,
        maxOrdersPerMinute: p.maxOrdersPerMinute,
      },
      breakers: this.portfolio.breakers(),
    };
  }

  candles(symbol: string, bars: number) {
    return {
      symbol,
      lastPrice: this.feed.lastPrice(symbol) ?? null,
      candles: this.feed.recent(symbol, bars).map((c) => ({
        openTime: new Date(c.openTime).toISOString(),
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: c.volume,
      })),
    };
  }

  get symbols(): readonly string[] {
    return this.feed.symbols;
  }

  /** The seat's daily model budget and what it reported using of it today. */
  modelBudget(agentId: string): ModelBudgetState {
    return this.models.budgetState(agentId);
  }

  /** The seat's bus figures: what it sent, what reached it, throttling, participation. */
  activity(agentId: string) {
    const row = this.coordinator.activity().agents.find((a) => a.agentId === agentId);
    if (!row) throw new Error(`no activity for ${agentId}`);
    return {
      activityScore: row.activityScore,
      sent: row.sent,
      delivered: row.delivered,
      throttled: row.throttled,
      filtered: row.filtered,
      rejected: row.rejected,
      participationThreshold: row.participationThreshold,
      floor: row.floor,
      belowFloor: row.belowFloor,
      slowed: row.slowed,
    };
  }
}

/** A bus message as a seat reads it in its inbox. */
export function inboxEntry(m: MessageEnvelope) {
  return {
    id: m.id,
    type: m.type,
    from: m.from,
    to: m.to === undefined ? undefined : [...m.to],
    ts: new Date(m.ts).toISOString(),
    symbol: m.symbol,
    side: m.side,
    confidence: m.confidence,
    horizon: m.horizon,
    text: m.text,
    correlationId: m.correlationId,
  };
}
