import type { AgentModelUsage } from '../agents/model-usage.js';
import type { BusOutcome } from '../communication/agent-bus.js';
import type { MessageType } from '../config/roster.js';
import type { MessageSample } from './message-sampler.js';
import type { ActivityReportDto } from '../communication/agent-activity.dto.js';
import { IMBALANCE_SCORE } from '../communication/participation-tuner.js';
import type { EquityFigures } from './equity-curve.js';

export interface AgentBalance {
  readonly agentId: string;
  readonly maxScore: number;
  /** Longest stretch of market time spent over twice the average activity. */
  readonly longestImbalanceMs: number;
  readonly belowFloorMs: number;
}

export interface ReplayReport {
  /** The run's data directory: its database holds every order, fill and exported row. */
  readonly dataDir: string;
  readonly bars: number;
  /** Market time before the first bar and after the last, ISO-8601 UTC. */
  readonly marketStart: string;
  readonly marketEnd: string;
  /** Market time the replay covered. */
  readonly simulatedMs: number;
  /** Wall time it took (the only figure that differs between two runs). */
  readonly wallMs: number;
  readonly mcpEnabled: boolean;
  readonly activity: ActivityReportDto;
  readonly balance: readonly AgentBalance[];
  /** Messages since the start by type and outcome. */
  readonly messagesByType: Record<MessageType, Record<BusOutcome, number>>;
  /** Messages published so far per type, at the open of the first bar of every market hour. */
  readonly messageSamples: readonly MessageSample[];
  /** Model calls by outcome, tokens and cost per agent with a model. */
  readonly models: Readonly<Record<string, AgentModelUsage>>;
  readonly fills: number;
  readonly equityUsd: number;
  readonly initialCapitalUsd: number;
  /** Return, drawdown and Sharpe of the portfolio's equity at bar closes. */
  readonly equity: EquityFigures;
}

/** Tracks, per agent, the longest time over the imbalance line and the time under its floor. */
export class BalanceTracker {
  private readonly state = new Map<
    string,
    { max: number; streak: number; longest: number; below: number }
  >();
  private lastMs: number | undefined;

  sample(nowMs: number, report: ActivityReportDto): void {
    const elapsed = this.lastMs === undefined ? 0 : nowMs - this.lastMs;
    this.lastMs = nowMs;
    for (const agent of report.agents) {
      const s = this.state.get(agent.agentId) ?? { max: 0, streak: 0, longest: 0, below: 0 };
      s.max = Math.max(s.max, agent.activityScore);
      s.streak = agent.activityScore > IMBALANCE_SCORE ? s.streak + elapsed : 0;
      s.longest = Math.max(s.longest, s.streak);
      if (agent.belowFloor) s.below += elapsed;
      this.state.set(agent.agentId, s);
    }
  }

  results(): AgentBalance[] {
    return [...this.state].map(([agentId, s]) => ({
      agentId,
      maxScore: s.max,
      longestImbalanceMs: s.longest,
      belowFloorMs: s.below,
    }));
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report as a terminal table. */
export function formatReport(report: ReplayReport): string {
  const { activity } = report;
  const balance = new Map(report.balance.map((b) => [b.agentId, b]));
  const header = [
    'agent',
    'sent',
    'delivered',
    'throttled',
    'filtered',
    'coalesced',
    'dropped',
    'score',
    'max',
    '>2× longest',
    'threshold',
  ];
  const rows = activity.agents.map((a) => {
    const b = balance.get(a.agentId);
    return [
      a.agentId,
      a.sent,
      a.delivered,
      a.throttled,
      a.filtered,
      a.coalesced,
      a.dropped,
      a.activityScore.toFixed(2),
      (b?.maxScore ?? 0).toFixed(2),
      `${((b?.longestImbalanceMs ?? 0) / 3_600_000).toFixed(1)} h`,
      a.participationThreshold.toFixed(2),
    ].map(String);
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
  return [
    `Replay of ${report.bars} bars, ${report.marketStart} to ${report.marketEnd} (${(report.simulatedMs / 86_400_000).toFixed(1)} market days) in ${(report.wallMs / 1000).toFixed(1)} s (MCP ${report.mcpEnabled ? 'on' : 'off'})`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `message reduction vs everyone-gets-everything: ${pct(activity.messageReduction)} (${activity.deliveries} of ${activity.baselineDeliveries} deliveries)`,
    `signals throttled: ${pct(activity.throttledSignalRatio)}`,
    `fills: ${report.fills}, equity: ${report.equityUsd.toFixed(2)} USD (${pct(report.equityUsd / report.initialCapitalUsd - 1)} on ${report.initialCapitalUsd.toFixed(0)} USD)`,
    `at bar closes: max drawdown ${report.equity.maxDrawdownPct.toFixed(2)}%, largest one-bar fall ${report.equity.largestBarFallPct.toFixed(2)}%, Sharpe ${report.equity.sharpe.toFixed(2)} (annualised)`,
    `data directory: ${report.dataDir}`,
  ].join('\n');
}
