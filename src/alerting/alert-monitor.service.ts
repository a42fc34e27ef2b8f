import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AgentModels } from '../agents/agent-models.service.js';
import { BackupService } from '../backup/backup.service.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import { OutboxShipper } from '../export/outbox-shipper.service.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { WallClock } from '../platform/clock.js';
import { OnDomainEvent, type VenueAlertEvent } from '../platform/domain-events.js';
import { Outbox } from '../platform/outbox.js';
import { type CancelTimer, Timers } from '../platform/timers.js';
import { MarketDataAge } from '../trading/market-data-age.js';
import { PORTFOLIO_BREAKER } from '../orchestration/drawdown-breaker.js';
import { AlertEvaluator, type AlertSample, type AlertStatus } from './alert-evaluator.js';
import { VenueAlerts, type VenueAlertStatus } from './venue-alerts.js';

/** How often the service samples itself for alerts: well under every `for`, like a scrape interval. */
export const ALERT_SAMPLE_MS = 5_000;

/**
 * Samples the coordinator, the portfolio and the exporter every few seconds of real time and keeps the
 * alert states. Alerts are for the operator, as Prometheus's are: wall time, not market time.
 */
@Injectable()
export class AlertMonitor implements OnModuleInit, OnModuleDestroy {
  private readonly evaluator: AlertEvaluator;
  private shipper: OutboxShipper | undefined;
  private backups: BackupService | undefined;
  private startedAtWallMs = 0;
  private cancel: CancelTimer | undefined;
  private cancelBudgetWatch: (() => void) | undefined;
  private readonly budgetExhausted = new Set<string>();
  private readonly venue = new VenueAlerts();

  constructor(
    private readonly clock: WallClock,
    private readonly timers: Timers,
    private readonly coordinator: AgentCoordinator,
    private readonly portfolio: PortfolioService,
    private readonly outbox: Outbox,
    private readonly marketData: MarketDataAge,
    private readonly models: AgentModels,
    private readonly modules: ModuleRef,
  ) {
    this.evaluator = new AlertEvaluator(clock);
  }

  onModuleInit(): void {
    // The export module keeps its shipper to itself; its read-only totals are all we need.
    this.shipper = this.modules.get(OutboxShipper, { strict: false });
    // Likewise the backup module's totals.
    this.backups = this.modules.get(BackupService, { strict: false });
    this.startedAtWallMs = this.clock.now();
    this.cancel = this.timers.every(ALERT_SAMPLE_MS, () => this.evaluate());
    this.cancelBudgetWatch = this.models.onBudgetChange((agentId, exhausted) => {
      if (exhausted) this.budgetExhausted.add(agentId);
      else this.budgetExhausted.delete(agentId);
    });
  }

  onModuleDestroy(): void {
    this.cancel?.();
    this.cancelBudgetWatch?.();
  }

  alerts(): AlertStatus[] {
    return this.evaluator.alerts();
  }

  venueAlerts(): readonly VenueAlertStatus[] {
    return this.venue.list();
  }

  @OnDomainEvent('trading.alert')
  recordVenueAlert(alert: VenueAlertEvent): void {
    this.venue.record(alert, this.clock.now());
  }

  evaluate(): void {
    this.evaluator.observe(this.sample());
  }

  private sample(): AlertSample {
    const activity = this.coordinator.activity();
    const status = this.portfolio.status();
    const allocations = new Map(status.agents.map((a) => [a.agentId, a]));
    const signals = this.coordinator.bus.snapshot().byType.signal;
    const totals = this.shipper?.totals;
    return {
      agents: activity.agents.map((a) => ({
        agentId: a.agentId,
        activityScore: a.activityScore,
        belowFloor: a.belowFloor,
        allocationPct: allocations.get(a.agentId)?.allocationPct ?? 0,
        targetPct: allocations.get(a.agentId)?.targetPct ?? 0,
      })),
      signalsPublished: signals.published,
      signalsThrottled: signals.throttled,
      exportFailures: totals?.failures ?? 0,
      exportLastSuccessMs: totals?.lastSuccessMs ?? 0,
      exportBacklogRows: this.outbox.backlog(),
      halted: status.halted,
      trippedAgents: status.breakers
        .filter((b) => b.id !== PORTFOLIO_BREAKER && b.state !== 'ok')
        .map((b) => b.id),
      drawdownWarnings: status.drawdownWarnings,
      budgetExhaustedAgents: [...this.budgetExhausted],
      marketDataStale: this.marketData.stale,
      backupAgeMs: this.backupAgeMs(),
      uptimeMs: this.clock.now() - this.startedAtWallMs,
    };
  }

  private backupAgeMs(): number {
    const last = this.backups?.totals.lastSuccessWallMs ?? 0;
    return last > 0 ? this.clock.now() - last : Infinity;
  }
}
