import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../platform/clock.js';
import { Outbox } from '../platform/outbox.js';
import { type CancelTask, Scheduler } from '../platform/scheduler.js';
import {
  REBALANCE_INTERVAL_MS,
  SAMPLE_INTERVAL_MS,
  SNAPSHOT_INTERVAL_MS,
} from './engine-settings.js';
import { OrchestratorService } from './orchestrator.service.js';
import type { Rebalance } from './engine-contract.js';
import { PortfolioReportRepository } from './portfolio-report.repository.js';
import { PortfolioService } from './portfolio.service.js';

/**
 * The portfolio's clockwork in market time: every quarter hour it feeds the performance window and
 * rebalances at once when an allocation has drifted past its bound; every hour it exports
 * `portfolio_snapshots` and keeps the monthly report's marks; every day it rebalances toward the
 * performance-weighted targets. Agents whose allocation changed are sent their new guidance.
 */
@Injectable()
export class PortfolioMonitor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PortfolioMonitor.name);
  private readonly cancels: CancelTask[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly outbox: Outbox,
    private readonly portfolio: PortfolioService,
    private readonly marks: PortfolioReportRepository,
    private readonly orchestrator: OrchestratorService,
  ) {}

  onModuleInit(): void {
    this.cancels.push(
      this.scheduler.every(SAMPLE_INTERVAL_MS, () => this.tick()),
      this.scheduler.every(SNAPSHOT_INTERVAL_MS, () =>
        this.guarded('snapshot', () => this.snapshot()),
      ),
      this.scheduler.every(REBALANCE_INTERVAL_MS, () => this.rebalance('scheduled')),
    );
  }

  onModuleDestroy(): void {
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  tick(): void {
    this.guarded('tick', () => {
      this.portfolio.samplePerformance();
      if (this.portfolio.needsRebalance()) this.rebalance('drift');
    });
  }

  private guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logger.error(`portfolio ${what} failed: ${String(error)}`);
    }
  }

  /**
   * New targets and the cash that can move now; then, where an agent above target holds too little
   * cash, its positions are sold pro rata and the proceeds move once they fill.
   */
  rebalance(reason: string): void {
    try {
      this.announce(reason, this.portfolio.rebalance(reason));
      this.portfolio.reduceAndRebalance(reason).then(
        (after) => this.announce(`${reason}: positions reduced`, after),
        (error: unknown) =>
          this.logger.error(`rebalance (${reason}) reductions failed: ${String(error)}`),
      );
    } catch (error) {
      this.logger.error(`rebalance (${reason}) failed: ${String(error)}`);
    }
  }

  private announce(reason: string, rebalance: Rebalance | null): void {
    if (!rebalance) return;
    this.logger.log(
      `rebalanced (${reason}): ${rebalance.transfers.length} transfer(s), ${rebalance.affected.length} agent(s) told`,
    );
    for (const agentId of rebalance.affected) {
      try {
        this.orchestrator.sendGuidance(agentId);
      } catch (error) {
        this.logger.warn(`guidance to ${agentId} failed: ${String(error)}`);
      }
    }
  }

  /** One `portfolio_snapshots` row per agent and one for the whole portfolio; one mark per hour each. */
  private snapshot(): void {
    const ts = this.clock.now();
    const status = this.portfolio.status();
    for (const a of status.agents) {
      this.outbox.append('portfolio_snapshots', {
        ts,
        agentId: a.agentId,
        equityUsd: a.equityUsd,
        cashUsd: a.cashUsd,
        exposureUsd: a.exposureUsd,
        pnlUsd: a.pnlUsd,
        allocationPct: a.allocationPct,
        targetPct: a.targetPct,
        drawdownPct: a.drawdownPct,
      });
    }
    const exposure = status.agents.reduce((sum, a) => sum + a.exposureUsd, 0);
    const pnl = status.equityUsd - status.initialCapitalUsd;
    this.outbox.append('portfolio_snapshots', {
      ts,
      agentId: 'portfolio',
      equityUsd: status.equityUsd,
      cashUsd: status.cashUsd,
      exposureUsd: exposure,
      pnlUsd: pnl,
      allocationPct: 100,
      targetPct: 100,
      drawdownPct: status.drawdownPct,
    });
    this.marks.saveMarks([
      ...status.agents
        .filter((a) => a.contributedUsd > 0)
        .map((a) => ({
          id: a.agentId,
          ts,
          pnlUsd: a.pnlUsd - a.modelCostUsd,
          capitalUsd: a.contributedUsd,
        })),
      { id: 'portfolio', ts, pnlUsd: pnl, capitalUsd: status.initialCapitalUsd },
    ]);
  }
}
