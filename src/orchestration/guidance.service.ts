import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { AgentDefinition, RoleDefinition } from '../config/roster.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import type { GuidanceDto } from './guidance.dto.js';
import { MIN_ORDER_NOTIONAL_USD } from './order-sizer.js';
import { OrchestrationError } from './orchestration.error.js';
import { PortfolioService } from './portfolio.service.js';
import { ThesisMemory } from './thesis-memory.js';

const RECENT_THESES = 10;

/** What each agent is told: its role, its capital and limits, its positions, and what peers think. */
@Injectable()
export class GuidanceService {
  readonly theses = new ThesisMemory();
  private readonly agents: ReadonlyMap<string, AgentDefinition>;
  private readonly roles: ReadonlyMap<string, RoleDefinition>;

  constructor(
    private readonly config: AppConfig,
    private readonly portfolio: PortfolioService,
    private readonly coordinator: AgentCoordinator,
  ) {
    this.agents = new Map(config.roster.map((a) => [a.id, a]));
    this.roles = new Map(config.roles.map((r) => [r.role, r]));
  }

  guidance(agentId: string): GuidanceDto {
    const agent = this.agents.get(agentId);
    const role = agent && this.roles.get(agent.role);
    if (!agent || !role) throw OrchestrationError.unknownAgent(agentId);
    const allocation = this.portfolio.allocation(agentId);
    const ledger = this.portfolio.ledger(agentId).snapshot();
    const portfolio = this.portfolio.status();
    const status = portfolio.agents.find((a) => a.agentId === agentId);
    const breaker = portfolio.breakers.find((b) => b.id === agentId)?.state ?? 'ok';
    const risk = this.config.portfolio;
    return {
      agentId,
      role: agent.role,
      allocationPct: status?.allocationPct ?? 0,
      targetPct: allocation.targetPct,
      // What the agent trades with now: its sub-ledger's equity (orders are sized on it).
      capitalUsd: status?.equityUsd ?? allocation.capitalUsd,
      cashUsd: ledger.cashUsd,
      limits: {
        maxOrderUsd: (status?.equityUsd ?? allocation.capitalUsd) * role.maxOrderFraction,
        maxOrderFraction: role.maxOrderFraction,
        minOrderUsd: MIN_ORDER_NOTIONAL_USD,
        burstMessages: role.throttle.capacity,
        messagesPerMinute: role.throttle.refillPerMinute,
        maxOrdersPerMinute: risk.maxOrdersPerMinute,
        maxSymbolExposurePct: risk.maxSymbolExposurePct,
        maxGrossExposurePct: risk.maxGrossExposurePct,
        maxDrawdownPct: risk.agentMaxDrawdownPct,
        breaker: portfolio.halted ? 'halted' : breaker,
        shortingAllowed: false,
      },
      openPositions: [...ledger.positions],
      participationThreshold: this.coordinator.participationThreshold(agentId),
      symbols: [...agent.symbols],
      instructions: [...role.instructions],
      recentTheses: this.theses.relevantTo(agent.symbols, RECENT_THESES).map((t) => ({
        messageId: t.id,
        from: t.from,
        symbol: t.symbol,
        side: t.side,
        confidence: t.confidence,
        horizon: t.horizon,
        text: t.text,
        ts: new Date(t.ts).toISOString(),
      })),
    };
  }

  /**
   * The short form sent over the bus. It ends up in model prompts, so its figures are rounded: capital
   * to the thousand and the target to the whole percent. Exact figures move with every fill and mark,
   * which made every prompt new — no response-cache hit, no repeatable replay with remote models.
   */
  summary(agentId: string): string {
    const g = this.guidance(agentId);
    const capital =
      g.capitalUsd > 0
        ? `capital about ${Math.round(g.capitalUsd / 1000)}k USD (target ${Math.round(g.targetPct)}%)`
        : 'no capital (does not trade)';
    const breaker = g.limits.breaker === 'ok' ? '' : `; breaker ${g.limits.breaker}`;
    return `role ${g.role}; ${capital}${breaker}; threshold ${g.participationThreshold}; ${g.instructions.join(' ')}`;
  }
}
