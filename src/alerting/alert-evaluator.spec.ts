import { ManualClock } from '../platform/clock.js';
import { AlertEvaluator, type AgentReading, type AlertSample } from './alert-evaluator.js';

const MINUTE = 60_000;
const START = Date.parse('2026-11-25T12:00:00Z');

function agent(agentId: string, over: Partial<AgentReading> = {}): AgentReading {
  return {
    agentId,
    activityScore: 1,
    belowFloor: false,
    allocationPct: 25,
    targetPct: 25,
    ...over,
  };
}

const calm: AlertSample = {
  agents: [agent('qwen'), agent('fingpt')],
  signalsPublished: 0,
  signalsThrottled: 0,
  exportFailures: 0,
  exportLastSuccessMs: START,
  exportBacklogRows: 0,
  halted: false,
  trippedAgents: [],
  drawdownWarnings: [],
  budgetExhaustedAgents: [],
  marketDataStale: false,
  backupAgeMs: 30 * MINUTE,
  uptimeMs: 600 * MINUTE,
};

/** Feeds the evaluator every 5 s for `minutes`, letting `sample` depend on the elapsed time. */
function run(
  evaluator: AlertEvaluator,
  clock: ManualClock,
  minutes: number,
  sample: (elapsedMs: number) => AlertSample,
): void {
  const from = clock.now();
  for (let t = 0; t <= minutes * MINUTE; t += 5_000) {
    clock.set(from + t);
    evaluator.observe(sample(t));
  }
}

function stateOf(evaluator: AlertEvaluator, name: string, agentId?: string): string | undefined {
  return evaluator
    .alerts()
    .find((a) => a.name === name && (agentId === undefined || a.labels.agent === agentId))?.state;
}

describe('AlertEvaluator', () => {
  let clock: ManualClock;
  let evaluator: AlertEvaluator;
  beforeEach(() => {
    clock = new ManualClock(START);
    evaluator = new AlertEvaluator(clock);
  });

  it('lists every alert but CloudTraderDown (only Prometheus sees that), inactive, for a calm service', () => {
    run(evaluator, clock, 20, () => calm);
    const alerts = evaluator.alerts();
    expect(alerts.map((a) => a.name).sort()).toEqual(
      [
        'AgentActivityImbalance',
        'AgentParticipationBelowThreshold',
        'BackupStale',
        'BigQueryExportFailures',
        'CommunicationThrottlingExcessive',
        'DrawdownWarning',
        'PortfolioAllocationDrift',
        'TradingHalted',
        'AgentBreakerTripped',
        'MarketDataStale',
        'ModelBudgetExhausted',
      ].sort(),
    );
    expect(alerts.every((a) => a.state === 'inactive' && a.activeSince === null)).toBe(true);
  });

  it('makes a per-agent imbalance pending at once, firing after 10 minutes, and clears it', () => {
    const imbalanced = {
      ...calm,
      agents: [agent('qwen', { activityScore: 2.5 }), agent('fingpt')],
    };
    run(evaluator, clock, 9, () => imbalanced);
    expect(stateOf(evaluator, 'AgentActivityImbalance', 'qwen')).toBe('pending');
    expect(stateOf(evaluator, 'AgentActivityImbalance', 'fingpt')).toBeUndefined();
    const pending = evaluator.alerts().find((a) => a.name === 'AgentActivityImbalance');
    expect(pending?.activeSince).toBe(new Date(START).toISOString());
    expect(pending?.summary).toContain('qwen');
    run(evaluator, clock, 1, () => imbalanced);
    expect(stateOf(evaluator, 'AgentActivityImbalance', 'qwen')).toBe('firing');
    clock.advance(5_000);
    evaluator.observe(calm);
    expect(stateOf(evaluator, 'AgentActivityImbalance')).toBe('inactive');
  });

  it('fires throttling only when over 30% of signals in the window are throttled for 15 minutes', () => {
    // 40% throttled: 6 published and 4 throttled every 5 s.
    const heavy = (t: number) => ({
      ...calm,
      signalsPublished: (t / 5_000) * 6,
      signalsThrottled: (t / 5_000) * 4,
    });
    run(evaluator, clock, 14, heavy);
    expect(stateOf(evaluator, 'CommunicationThrottlingExcessive')).toBe('pending');
    run(evaluator, clock, 2, (t) => heavy(t + 14 * MINUTE));
    expect(stateOf(evaluator, 'CommunicationThrottlingExcessive')).toBe('firing');

    const light = new AlertEvaluator(clock);
    // 20% throttled stays silent however long it lasts.
    run(light, clock, 30, (t) => ({
      ...calm,
      signalsPublished: (t / 5_000) * 8,
      signalsThrottled: (t / 5_000) * 2,
    }));
    expect(stateOf(light, 'CommunicationThrottlingExcessive')).toBe('inactive');
  });

  it('fires a tripped agent breaker and a spent budget at once, per agent', () => {
    run(evaluator, clock, 0, () => ({
      ...calm,
      trippedAgents: ['qwen'],
      budgetExhaustedAgents: ['fingpt'],
    }));
    expect(stateOf(evaluator, 'AgentBreakerTripped', 'qwen')).toBe('firing');
    expect(stateOf(evaluator, 'AgentBreakerTripped', 'fingpt')).toBeUndefined();
    expect(stateOf(evaluator, 'ModelBudgetExhausted', 'fingpt')).toBe('firing');
    clock.advance(5_000);
    evaluator.observe(calm);
    expect(stateOf(evaluator, 'AgentBreakerTripped')).toBe('inactive');
    expect(stateOf(evaluator, 'ModelBudgetExhausted')).toBe('inactive');
  });

  it('fires a drawdown warning at once, per scope, and clears it when the scope recovers or trips', () => {
    run(evaluator, clock, 0, () => ({ ...calm, drawdownWarnings: ['portfolio', 'qwen'] }));
    expect(stateOf(evaluator, 'DrawdownWarning', 'portfolio')).toBe('firing');
    expect(stateOf(evaluator, 'DrawdownWarning', 'qwen')).toBe('firing');
    expect(stateOf(evaluator, 'DrawdownWarning', 'fingpt')).toBeUndefined();
    clock.advance(5_000);
    evaluator.observe({ ...calm, trippedAgents: ['qwen'] });
    expect(stateOf(evaluator, 'DrawdownWarning')).toBe('inactive');
  });

  it('fires stale market data after 2 minutes of it', () => {
    run(evaluator, clock, 1.5, () => ({ ...calm, marketDataStale: true }));
    expect(stateOf(evaluator, 'MarketDataStale')).toBe('pending');
    run(evaluator, clock, 0.5, () => ({ ...calm, marketDataStale: true }));
    expect(stateOf(evaluator, 'MarketDataStale')).toBe('firing');
  });

  it('judges throttling on the last 5 minutes, not since start', () => {
    // Heavy throttling for 10 minutes, then none: the window forgets the old burst.
    run(evaluator, clock, 30, (t) => {
      const burst = Math.min(t, 10 * MINUTE) / 5_000;
      return { ...calm, signalsPublished: t / 5_000, signalsThrottled: burst * 9 };
    });
    expect(stateOf(evaluator, 'CommunicationThrottlingExcessive')).toBe('inactive');
  });

  it('raises drift beyond 5 points from target, in either direction, after 10 minutes', () => {
    const drifting = {
      ...calm,
      agents: [agent('qwen', { allocationPct: 19 }), agent('fingpt', { allocationPct: 29 })],
    };
    run(evaluator, clock, 10, () => drifting);
    expect(stateOf(evaluator, 'PortfolioAllocationDrift', 'qwen')).toBe('firing');
    expect(stateOf(evaluator, 'PortfolioAllocationDrift', 'fingpt')).toBeUndefined();
  });

  it('raises participation below the floor per agent after 5 minutes', () => {
    const quiet = { ...calm, agents: [agent('qwen'), agent('fingpt', { belowFloor: true })] };
    run(evaluator, clock, 4, () => quiet);
    expect(stateOf(evaluator, 'AgentParticipationBelowThreshold', 'fingpt')).toBe('pending');
    run(evaluator, clock, 1, () => quiet);
    expect(stateOf(evaluator, 'AgentParticipationBelowThreshold', 'fingpt')).toBe('firing');
  });

  it('raises export failures while failures keep coming, or when rows wait with no success', () => {
    run(evaluator, clock, 11, (t) => ({ ...calm, exportFailures: Math.floor(t / 30_000) }));
    expect(stateOf(evaluator, 'BigQueryExportFailures')).toBe('firing');

    const stalled = new AlertEvaluator(clock);
    const lastSuccess = clock.now();
    run(stalled, clock, 20, () => ({
      ...calm,
      exportLastSuccessMs: lastSuccess,
      exportBacklogRows: 120,
    }));
    expect(stateOf(stalled, 'BigQueryExportFailures')).toBe('pending');

    const idle = new AlertEvaluator(clock);
    run(idle, clock, 30, () => ({ ...calm, exportLastSuccessMs: 0, exportBacklogRows: 0 }));
    expect(stateOf(idle, 'BigQueryExportFailures')).toBe('inactive');
  });

  it('fires a trading halt on the first evaluation', () => {
    clock.advance(5_000);
    evaluator.observe({ ...calm, halted: true });
    expect(stateOf(evaluator, 'TradingHalted')).toBe('firing');
    expect(evaluator.alerts().find((a) => a.name === 'TradingHalted')?.severity).toBe('critical');
  });

  it('raises a stale backup after 10 minutes past 3 hours without one, never in the first 3 hours', () => {
    run(evaluator, clock, 9, (t) => ({ ...calm, backupAgeMs: 181 * MINUTE + t }));
    expect(stateOf(evaluator, 'BackupStale')).toBe('pending');
    run(evaluator, clock, 2, (t) => ({ ...calm, backupAgeMs: 190 * MINUTE + t }));
    expect(stateOf(evaluator, 'BackupStale')).toBe('firing');

    const young = new AlertEvaluator(clock);
    run(young, clock, 30, (t) => ({ ...calm, backupAgeMs: Infinity, uptimeMs: 60 * MINUTE + t }));
    expect(stateOf(young, 'BackupStale')).toBe('inactive');
  });
});
