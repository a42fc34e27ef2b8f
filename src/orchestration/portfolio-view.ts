import type { AgentDefinition } from '../config/roster.js';
import type { AgentLedger, PriceOf } from './agent-ledger.js';
import type { AllocationTarget } from './allocation-planner.js';
import { PORTFOLIO_BREAKER, type BreakerSnapshot } from './drawdown-breaker.js';
import { OrchestrationError } from './orchestration.error.js';
import type { PortfolioEngine } from './portfolio-engine.js';
import type { AgentAllocationDto, BreakerDto, PortfolioStatusDto } from './portfolio.dto.js';

/** What the operators' view is read from: the engine, the roster, the marks and the fill counts. */
export interface PortfolioViewInput {
  readonly engine: PortfolioEngine;
  readonly roster: readonly AgentDefinition[];
  readonly price: PriceOf;
  readonly fills: (agentId: string) => number;
}

export interface EquityMarkFigures {
  readonly agentId: string;
  readonly equityUsd: number;
  readonly pnlUsd: number;
  readonly allocationPct: number;
  readonly targetPct: number;
}

export interface EquityMarks {
  readonly agents: EquityMarkFigures[];
  readonly equityUsd: number;
  readonly initialCapitalUsd: number;
}

/** The portfolio as operators see it (`/portfolio-status`), at market time `now`. */
export function portfolioStatus(
  { engine, roster, price, fills }: PortfolioViewInput,
  mode: 'paper' | 'live',
  now: number,
): PortfolioStatusDto {
  const equityUsd = engine.equityUsd(price);
  const agents = roster.map((agent): AgentAllocationDto => {
    const ledger = ledgerOf(engine, agent.id);
    const allocation = allocationOf(engine, agent.id);
    const equity = ledger.equityUsd(price);
    const state = ledger.snapshot();
    const pnl = equity - state.contributedUsd;
    const modelCostUsd = engine.modelCostUsd(agent.id);
    return {
      agentId: agent.id,
      role: agent.role,
      allocationPct: equityUsd > 0 ? (equity / equityUsd) * 100 : 0,
      targetPct: allocation.targetPct,
      capitalUsd: allocation.capitalUsd,
      equityUsd: equity,
      cashUsd: state.cashUsd,
      contributedUsd: state.contributedUsd,
      exposureUsd: ledger.exposureUsd(price),
      pnlUsd: pnl,
      realizedPnlUsd: state.realizedPnlUsd,
      unrealizedPnlUsd: ledger.unrealizedPnlUsd(price),
      feesUsd: state.feesUsd,
      modelCostUsd,
      drawdownPct:
        engine.breaker(agent.id)?.drawdownAt(pnl - modelCostUsd, state.contributedUsd) ?? 0,
      performanceMultiplier: engine.performanceMultiplier(agent.id),
      fills: fills(agent.id),
    };
  });
  const initial = engine.initialCapitalUsd;
  const portfolio = engine.breaker(PORTFOLIO_BREAKER);
  return {
    mode,
    equityUsd,
    cashUsd: engine.reserveUsd + agents.reduce((sum, a) => sum + a.cashUsd, 0),
    reserveUsd: engine.reserveUsd,
    initialCapitalUsd: initial,
    drawdownPct: portfolio?.drawdownAt(equityUsd - initial, initial) ?? 0,
    halted: portfolio?.state === 'halted',
    breakers: engine.allBreakers().map(breakerDto),
    drawdownWarnings: engine.warnings(),
    agents,
    marketTime: new Date(now).toISOString(),
    updatedAt: new Date(now).toISOString(),
  };
}

/**
 * Each agent's equity, PnL, share and target now, and the portfolio's equity: what the equity chart
 * marks at every bar, without building the whole status.
 */
export function equityMarks({ engine, roster, price }: PortfolioViewInput): EquityMarks {
  const equityUsd = engine.equityUsd(price);
  const agents = roster.map((agent): EquityMarkFigures => {
    const ledger = ledgerOf(engine, agent.id);
    const equity = ledger.equityUsd(price);
    return {
      agentId: agent.id,
      equityUsd: equity,
      pnlUsd: equity - ledger.contributedUsd,
      allocationPct: equityUsd > 0 ? (equity / equityUsd) * 100 : 0,
      targetPct: allocationOf(engine, agent.id).targetPct,
    };
  });
  return { agents, equityUsd, initialCapitalUsd: engine.initialCapitalUsd };
}

export function breakerDto(b: BreakerSnapshot): BreakerDto {
  return {
    id: b.id,
    state: b.state,
    reason: b.reason,
    trippedAt: b.trippedAt === null ? null : new Date(b.trippedAt).toISOString(),
  };
}

export function ledgerOf(engine: PortfolioEngine, agentId: string): AgentLedger {
  const ledger = engine.ledger(agentId);
  if (!ledger) throw OrchestrationError.unknownAgent(agentId);
  return ledger;
}

export function allocationOf(engine: PortfolioEngine, agentId: string): AllocationTarget {
  const allocation = engine.allocation(agentId);
  if (!allocation) throw OrchestrationError.unknownAgent(agentId);
  return allocation;
}
