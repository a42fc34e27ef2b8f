export const ALERT_NAMES = [
  'AgentParticipationBelowThreshold',
  'CommunicationThrottlingExcessive',
  'PortfolioAllocationDrift',
  'BigQueryExportFailures',
  'AgentActivityImbalance',
  'TradingHalted',
  'AgentBreakerTripped',
  'DrawdownWarning',
  'MarketDataStale',
  'ModelBudgetExhausted',
  'CloudTraderDown',
  'BackupStale',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

/** Alerts only Prometheus can raise: a process cannot report its own absence. */
export const PROMETHEUS_ONLY_ALERTS = ['CloudTraderDown'] as const satisfies readonly AlertName[];
/** The alerts the service evaluates itself, at `GET /alerts`. */
export type ServiceAlertName = Exclude<AlertName, (typeof PROMETHEUS_ONLY_ALERTS)[number]>;
export const SERVICE_ALERT_NAMES = ALERT_NAMES.filter(
  (name): name is ServiceAlertName => !(PROMETHEUS_ONLY_ALERTS as readonly string[]).includes(name),
);

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertDefinition {
  readonly name: ServiceAlertName;
  /** How long the condition must hold before the alert fires (Prometheus `for`). */
  readonly forMs: number;
  readonly severity: AlertSeverity;
  /** Whether the alert is raised per agent (labelled `agent`) or once for the service. */
  readonly perAgent: boolean;
  /** `agent` is the agent's id, or "An agent" for the inactive entry of a per-agent alert. */
  readonly summary: (agent: string) => string;
  readonly description: (agent: string) => string;
}

const MINUTE = 60_000;

/** Window of the throttled-signal ratio and of the export-failure rate (`[5m]` in the rules). */
export const ALERT_RATE_WINDOW_MS = 5 * MINUTE;
export const THROTTLED_SIGNAL_RATIO_LIMIT = 0.3;
export const ALLOCATION_DRIFT_LIMIT_PCT = 5;
export const ACTIVITY_IMBALANCE_SCORE = 2;
/** Exports count as stalled when rows wait and nothing has shipped for this long. */
export const EXPORT_STALL_MS = 15 * MINUTE;
/** No verified backup for this long (wall time; 3× the default interval), past the first hours of a process. */
export const BACKUP_STALE_MS = 3 * 60 * MINUTE;

/**
 * The alerts of `monitoring/alert-rules.yaml` the service can evaluate itself (all but
 * `PROMETHEUS_ONLY_ALERTS`). Names, `for`
 * durations and severities must match the rules file (a test compares them), so an operator without
 * Prometheus sees the same alerts at `GET /alerts`.
 */
export const ALERT_DEFINITIONS: readonly AlertDefinition[] = [
  {
    name: 'AgentParticipationBelowThreshold',
    forMs: 5 * MINUTE,
    severity: 'warning',
    perAgent: true,
    summary: (agent) => `${agent} participates below its floor`,
    description: (agent) =>
      `${agent} has stayed under its role's participation floor (activity score) past the coordinator's grace period; the team is deciding without it.`,
  },
  {
    name: 'CommunicationThrottlingExcessive',
    forMs: 15 * MINUTE,
    severity: 'warning',
    perAgent: false,
    summary: () => 'Over 30% of trading signals are throttled',
    description: () =>
      'For 15 minutes more than 30% of the signals agents published (5-minute window) were refused by the token buckets: agents act on fewer signals than they produce.',
  },
  {
    name: 'PortfolioAllocationDrift',
    forMs: 10 * MINUTE,
    severity: 'warning',
    perAgent: true,
    summary: (agent) => `${agent}'s allocation drifts more than 5 points from target`,
    description: (agent) =>
      `${agent}'s share of portfolio equity has been more than 5 percentage points away from its target for 10 minutes.`,
  },
  {
    name: 'BigQueryExportFailures',
    forMs: 10 * MINUTE,
    severity: 'warning',
    perAgent: false,
    summary: () => 'Analytics export is failing',
    description: () =>
      'Shipments from the outbox to the analytics sink have kept failing, or rows have waited 15 minutes with no successful shipment. Rows are kept in the outbox, not lost.',
  },
  {
    name: 'AgentActivityImbalance',
    forMs: 10 * MINUTE,
    severity: 'warning',
    perAgent: true,
    summary: (agent) => `${agent} is over twice the average activity`,
    description: (agent) =>
      `${agent}'s activity score has stayed above 2 (twice the mean message rate) for 10 minutes; the balance rule is slowing its bucket.`,
  },
  {
    name: 'TradingHalted',
    forMs: 0,
    severity: 'critical',
    perAgent: false,
    summary: () => 'Trading is halted',
    description: () =>
      'The portfolio orchestrator has halted trading: no agent signal becomes an order until it is resumed.',
  },
  {
    name: 'AgentBreakerTripped',
    forMs: 0,
    severity: 'warning',
    perAgent: true,
    summary: (agent) => `${agent}'s drawdown breaker tripped`,
    description: (agent) =>
      `${agent} lost more than its allowed drawdown; its breaker stops its orders (or lets it only sell) until an admin resets it.`,
  },
  {
    name: 'DrawdownWarning',
    forMs: 0,
    severity: 'warning',
    perAgent: true,
    summary: (scope) => `${scope}'s drawdown passed its warning level`,
    description: (scope) =>
      `${scope}'s drawdown passed its warning level: its breaker trips if the fall goes on to the limit.`,
  },
  {
    name: 'MarketDataStale',
    forMs: 2 * MINUTE,
    severity: 'critical',
    perAgent: false,
    summary: () => 'No new market data bar for over three bar intervals',
    description: () =>
      'No bar arrived for over three bar intervals of elapsed time, for 2 minutes: agents decide on old prices and the breakers see none.',
  },
  {
    name: 'ModelBudgetExhausted',
    forMs: 0,
    severity: 'warning',
    perAgent: true,
    summary: (agent) => `${agent} has spent its daily model budget`,
    description: (agent) =>
      `${agent} has spent its daily model budget: its model calls are refused until the next UTC day, so it falls back to silence.`,
  },
  {
    name: 'BackupStale',
    forMs: 10 * MINUTE,
    severity: 'warning',
    perAgent: false,
    summary: () => 'No backup of the portfolio state for over 3 hours',
    description: () =>
      'The newest verified backup is more than 3 hours old although the service has run longer than that: scheduled backups are failing or not running. The state has no recent copy off its volume.',
  },
];
