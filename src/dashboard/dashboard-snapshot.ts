import type { ActivityReportDto } from '../communication/agent-activity.dto.js';
import type { PortfolioStatusDto } from '../orchestration/portfolio.dto.js';

/** Cumulative bus counts since start; the page turns consecutive snapshots into rates. */
export interface BusTraffic {
  readonly types: readonly string[];
  readonly outcomes: readonly string[];
  /** `counts[type][outcome]`, in the order of `types` and `outcomes`. */
  readonly counts: number[][];
  readonly latency: {
    /** Upper bounds in seconds; `buckets[i]` counts deliveries at or under `bounds[i]` (not cumulative). */
    readonly bounds: readonly number[];
    readonly buckets: number[];
    readonly sumSeconds: number;
    readonly count: number;
  };
}

/** A thesis or discussion in the live feed. */
export interface FeedItem {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly from: string;
  readonly to?: readonly string[];
  readonly ts: number;
  readonly symbol?: string;
  readonly side?: string;
  readonly confidence?: number;
  readonly horizon?: string;
  readonly text?: string;
  readonly correlationId?: string;
}

/** One sample of the curves the page draws, kept server-side so a page opened late sees the past. */
export interface HistoryPoint {
  readonly ts: number;
  readonly equityUsd: number;
  readonly drawdownPct: number;
  /** Messages sent per agent, cumulative, in roster order. */
  readonly sent: number[];
}

/** What one server-sent event carries. `history` comes only in the first event of a connection. */
export interface DashboardSnapshot {
  readonly ts: number;
  readonly agentIds: readonly string[];
  readonly portfolio: PortfolioStatusDto | null;
  readonly activity: ActivityReportDto;
  readonly bus: BusTraffic;
  /** Theses and discussions not sent before (all that are kept, in the first event). */
  readonly feed: FeedItem[];
  readonly history?: HistoryPoint[];
  /** Market time at which the replayed data ended and trading stopped; absent while it runs. */
  readonly marketEndedAt?: number;
}
