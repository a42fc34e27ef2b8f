import type { WallClock } from '../platform/clock.js';
import {
  ACTIVITY_IMBALANCE_SCORE,
  ALERT_DEFINITIONS,
  ALERT_RATE_WINDOW_MS,
  ALLOCATION_DRIFT_LIMIT_PCT,
  type AlertDefinition,
  BACKUP_STALE_MS,
  type ServiceAlertName,
  EXPORT_STALL_MS,
  THROTTLED_SIGNAL_RATIO_LIMIT,
} from './alert-definitions.js';
import { CounterWindow } from './counter-window.js';

export interface AgentReading {
  readonly agentId: string;
  readonly activityScore: number;
  readonly belowFloor: boolean;
  readonly allocationPct: number;
  readonly targetPct: number;
}

/** What the service reports at one moment; counters are cumulative since start. */
export interface AlertSample {
  readonly agents: readonly AgentReading[];
  readonly signalsPublished: number;
  readonly signalsThrottled: number;
  readonly exportFailures: number;
  /** Epoch ms of the last successful shipment; 0 = never. */
  readonly exportLastSuccessMs: number;
  readonly exportBacklogRows: number;
  readonly halted: boolean;
  /** Agents whose own drawdown breaker is not ok. */
  readonly trippedAgents: readonly string[];
  /** Breakers (`portfolio` or an agent id) past their drawdown warning level, not yet tripped. */
  readonly drawdownWarnings: readonly string[];
  /** Agents that spent their daily model budget. */
  readonly budgetExhaustedAgents: readonly string[];
  /** No bar for over `STALE_AFTER_BARS` bar intervals of elapsed time. */
  readonly marketDataStale: boolean;
  /** Wall time since the newest verified backup (Infinity = none), and since the process started. */
  readonly backupAgeMs: number;
  readonly uptimeMs: number;
}

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface AlertStatus {
  readonly name: ServiceAlertName;
  readonly state: AlertState;
  readonly severity: string;
  readonly summary: string;
  readonly description: string;
  readonly labels: { readonly agent?: string };
  readonly activeSince: string | null;
}

interface ActiveAlert {
  readonly agent: string | undefined;
  readonly activeAtMs: number;
  firing: boolean;
}

/** The subjects for which a condition holds: agent ids, or `[undefined]` for the whole service. */
type Condition = (sample: AlertSample, nowMs: number) => readonly (string | undefined)[];

const SERVICE = [undefined] as const;
const NONE = [] as const;

/**
 * Prometheus' alerting semantics in process: a condition that starts to hold makes its alert pending;
 * held for the alert's `for` it fires; the first evaluation where it does not hold clears it. Fed by
 * `observe` every few seconds; time comes from the injected clock.
 */
export class AlertEvaluator {
  private readonly active = new Map<ServiceAlertName, Map<string, ActiveAlert>>();
  private readonly throttled = new CounterWindow(ALERT_RATE_WINDOW_MS);
  private readonly published = new CounterWindow(ALERT_RATE_WINDOW_MS);
  private readonly failures = new CounterWindow(ALERT_RATE_WINDOW_MS);
  private readonly conditions: Record<ServiceAlertName, Condition> = {
    AgentParticipationBelowThreshold: (s) =>
      s.agents.filter((a) => a.belowFloor).map((a) => a.agentId),
    CommunicationThrottlingExcessive: () => {
      const throttled = this.throttled.increase();
      const attempted = throttled + this.published.increase();
      return attempted > 0 && throttled / attempted > THROTTLED_SIGNAL_RATIO_LIMIT ? SERVICE : NONE;
    },
    PortfolioAllocationDrift: (s) =>
      s.agents
        .filter((a) => Math.abs(a.allocationPct - a.targetPct) > ALLOCATION_DRIFT_LIMIT_PCT)
        .map((a) => a.agentId),
    BigQueryExportFailures: (s, now) => {
      const failing = this.failures.increase() > 0;
      const stalled = s.exportBacklogRows > 0 && now - s.exportLastSuccessMs > EXPORT_STALL_MS;
      return failing || stalled ? SERVICE : NONE;
    },
    AgentActivityImbalance: (s) =>
      s.agents.filter((a) => a.activityScore > ACTIVITY_IMBALANCE_SCORE).map((a) => a.agentId),
    TradingHalted: (s) => (s.halted ? SERVICE : NONE),
    AgentBreakerTripped: (s) => s.trippedAgents,
    DrawdownWarning: (s) => s.drawdownWarnings,
    MarketDataStale: (s) => (s.marketDataStale ? SERVICE : NONE),
    ModelBudgetExhausted: (s) => s.budgetExhaustedAgents,
    BackupStale: (s) =>
      s.backupAgeMs > BACKUP_STALE_MS && s.uptimeMs > BACKUP_STALE_MS ? SERVICE : NONE,
  };

  constructor(
    private readonly clock: WallClock,
    private readonly definitions: readonly AlertDefinition[] = ALERT_DEFINITIONS,
  ) {}

  observe(sample: AlertSample): void {
    const now = this.clock.now();
    this.throttled.record(now, sample.signalsThrottled);
    this.published.record(now, sample.signalsPublished);
    this.failures.record(now, sample.exportFailures);
    for (const definition of this.definitions) {
      const previous = this.active.get(definition.name) ?? new Map<string, ActiveAlert>();
      const next = new Map<string, ActiveAlert>();
      for (const agent of this.conditions[definition.name](sample, now)) {
        const key = agent ?? '';
        const alert = previous.get(key) ?? { agent, activeAtMs: now, firing: false };
        alert.firing = now - alert.activeAtMs >= definition.forMs;
        next.set(key, alert);
      }
      this.active.set(definition.name, next);
    }
  }

  /** Every alert: one entry per active subject, or a single inactive entry when none is active. */
  alerts(): AlertStatus[] {
    return this.definitions.flatMap((definition) => {
      const active = [...(this.active.get(definition.name)?.values() ?? [])];
      if (active.length === 0) return [this.status(definition, undefined, 'inactive', null)];
      return active.map((alert) =>
        this.status(
          definition,
          alert.agent,
          alert.firing ? 'firing' : 'pending',
          new Date(alert.activeAtMs).toISOString(),
        ),
      );
    });
  }

  private status(
    definition: AlertDefinition,
    agent: string | undefined,
    state: AlertState,
    activeSince: string | null,
  ): AlertStatus {
    return {
      name: definition.name,
      state,
      severity: definition.severity,
      summary: definition.summary(agent ?? 'An agent'),
      description: definition.description(agent ?? 'An agent'),
      labels: agent === undefined ? {} : { agent },
      activeSince,
    };
  }
}
