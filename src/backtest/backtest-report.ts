import type { AgentBalance, ReplayReport } from '../replay/replay-report.js';
import type { AgentActivityDto } from '../communication/agent-activity.dto.js';
import {
  ANNUALISATION,
  drawdownPath,
  returnFigures,
  type ReturnFigures,
} from './return-figures.js';
import type { MarketTape } from './market-tape.js';
import type { MarkSeries, RunRecordsRepository } from './run-records.repository.js';
import { chartSeries, type ChartSeries } from './chart-series.js';
import {
  combinedBook,
  replayBooks,
  tradeFigures,
  WIN_RATE_DEFINITION,
  type TradeFigures,
} from './trade-figures.js';

export const PORTFOLIO_ID = 'portfolio';
export const EQUITY_DEFINITION =
  'marked at every bar close, before the fills of the orders that bar set off (they count from the next bar)';

export interface SeriesFigures extends ReturnFigures, TradeFigures {
  readonly startEquityUsd: number;
  readonly endEquityUsd: number;
}

export interface AgentFigures extends SeriesFigures {
  readonly agentId: string;
  /** Share of the portfolio (percent) at the first and last bar, and its range over the run. */
  readonly allocation: {
    readonly startPct: number;
    readonly endPct: number;
    readonly minPct: number;
    readonly maxPct: number;
  };
  readonly modelCalls: number;
  readonly modelTokens: number;
  readonly modelCostUsd: number;
}

export interface BacktestReport {
  /** The run's data directory: its database holds every order, fill, mark and exported row. */
  readonly dataDir: string;
  readonly marketDataDir: string;
  /** The configuration the flags set (`--set`, `--mcp`, a sweep's setting). */
  readonly settings: Readonly<Record<string, string>>;
  readonly period: {
    readonly from: string;
    readonly to: string;
    readonly bars: number;
    readonly barMinutes: number;
    readonly symbols: readonly string[];
  };
  readonly wallMs: number;
  readonly definitions: {
    readonly equity: string;
    readonly annualisation: string;
    readonly winRate: string;
  };
  readonly portfolio: SeriesFigures;
  readonly agents: readonly AgentFigures[];
  /** Equal weight of the initial capital in every symbol at the first bar's close, held. */
  readonly benchmark: ReturnFigures & { readonly endEquityUsd: number };
  readonly breakers: readonly {
    readonly at: string;
    readonly breaker: string;
    readonly action: string;
    readonly state: string;
    readonly reason: string | null;
  }[];
  readonly rebalances: readonly {
    readonly at: string;
    readonly reason: string;
    readonly transfers: readonly { readonly agentId: string; readonly amountUsd: number }[];
  }[];
  readonly coordinator: {
    readonly mcpEnabled: boolean;
    readonly messageReduction: number;
    readonly deliveries: number;
    readonly baselineDeliveries: number;
    readonly throttledSignalRatio: number;
    readonly byType: ReplayReport['messagesByType'];
    readonly agents: readonly (Pick<
      AgentActivityDto,
      'agentId' | 'sent' | 'delivered' | 'throttled' | 'filtered' | 'dropped'
    > &
      Omit<AgentBalance, 'agentId'>)[];
  };
  readonly models: {
    readonly calls: number;
    readonly promptTokens: number;
    readonly completionTokens: number;
    readonly costUsd: number;
  };
  readonly series: ChartSeries;
}

export interface ReportInputs {
  readonly replay: ReplayReport;
  readonly records: RunRecordsRepository;
  /** The bars the service saw. */
  readonly tape: MarketTape;
  readonly marketDataDir: string;
  readonly settings: Readonly<Record<string, string>>;
}

/** An equity curve at bar closes, starting at the market start with no PnL yet. */
export interface Curve {
  readonly ts: Float64Array;
  readonly equityUsd: Float64Array;
  readonly pnlUsd: Float64Array;
}

function curveOf(marks: MarkSeries, barMs: number, startMs: number, startEquity: number): Curve {
  const n = marks.ts.length + 1;
  const curve = {
    ts: new Float64Array(n),
    equityUsd: new Float64Array(n),
    pnlUsd: new Float64Array(n),
  };
  curve.ts[0] = startMs;
  curve.equityUsd[0] = startEquity;
  for (let i = 1; i < n; i++) {
    curve.ts[i] = marks.ts[i - 1] + barMs;
    curve.equityUsd[i] = marks.equityUsd[i - 1];
    curve.pnlUsd[i] = marks.pnlUsd[i - 1];
  }
  return curve;
}

/** Closes by symbol and bar close time. */
function closeLookup(tape: MarketTape, barMs: number) {
  const index = new Map(tape.openTimes.map((t, i) => [t + barMs, i]));
  return (symbol: string, closeMs: number) => tape.close(symbol, index.get(closeMs) ?? -1);
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length > 0 ? sum / values.length : 0;
}

/** The backtest report, from what the run stored and the coordinator's figures. */
export function buildBacktestReport(input: ReportInputs): BacktestReport {
  const { replay, records, tape } = input;
  const startMs = Date.parse(replay.marketStart);
  const barMs = tape.barMs((Date.parse(replay.marketEnd) - startMs) / Math.max(1, replay.bars));
  const marks = records.marks();
  const portfolioMarks = marks.get(PORTFOLIO_ID);
  if (!portfolioMarks || portfolioMarks.ts.length === 0)
    throw new Error('the run stored no equity marks: no bar was replayed');
  const barCloses = portfolioMarks.ts.map((t) => t + barMs);
  const closeAt = closeLookup(tape, barMs);
  const fills = records.fills();
  const equity = new Map([...marks].map(([id, m]) => [id, m.equityUsd]));
  const { books, exposurePct } = replayBooks({ fills, barCloses, closeAt, equity }, PORTFOLIO_ID);
  const orders = records.orderCounts();

  const seriesFigures = (curve: Curve, trades: TradeFigures): SeriesFigures => ({
    ...returnFigures(curve, barMs),
    ...trades,
    startEquityUsd: curve.equityUsd[0],
    endEquityUsd: curve.equityUsd[curve.equityUsd.length - 1],
  });
  const portfolioCurve = curveOf(portfolioMarks, barMs, startMs, replay.initialCapitalUsd);
  const totalOrders = [...orders.values()].reduce((a, b) => a + b, 0);
  const portfolio = seriesFigures(
    portfolioCurve,
    tradeFigures(
      combinedBook(books.values()),
      totalOrders,
      mean(portfolioMarks.equityUsd),
      exposurePct.get(PORTFOLIO_ID) ?? 0,
    ),
  );

  const curves = new Map<string, Curve>([[PORTFOLIO_ID, portfolioCurve]]);
  const agents = replay.activity.agents.map((a): AgentFigures => {
    const m = marks.get(a.agentId);
    if (!m) throw new Error(`the run stored no equity marks for ${a.agentId}`);
    const curve = curveOf(m, barMs, startMs, m.equityUsd[0] - m.pnlUsd[0]);
    curves.set(a.agentId, curve);
    const usage = replay.models[a.agentId];
    return {
      agentId: a.agentId,
      ...seriesFigures(
        curve,
        tradeFigures(
          books.get(a.agentId),
          orders.get(a.agentId) ?? 0,
          mean(m.equityUsd),
          exposurePct.get(a.agentId) ?? 0,
        ),
      ),
      allocation: {
        startPct: m.allocationPct[0],
        endPct: m.allocationPct[m.allocationPct.length - 1],
        minPct: m.allocationPct.reduce((a, b) => Math.min(a, b), Infinity),
        maxPct: m.allocationPct.reduce((a, b) => Math.max(a, b), -Infinity),
      },
      modelCalls: usage ? Object.values(usage.calls).reduce((s, n) => s + n, 0) : 0,
      modelTokens: usage ? usage.promptTokens + usage.completionTokens : 0,
      modelCostUsd: usage?.costUsd ?? 0,
    };
  });

  const benchmark = buyAndHold(tape.symbols, barCloses, closeAt, replay.initialCapitalUsd);
  return {
    dataDir: replay.dataDir,
    marketDataDir: input.marketDataDir,
    settings: input.settings,
    period: {
      from: replay.marketStart,
      to: replay.marketEnd,
      bars: replay.bars,
      barMinutes: barMs / 60_000,
      symbols: tape.symbols,
    },
    wallMs: replay.wallMs,
    definitions: {
      equity: EQUITY_DEFINITION,
      annualisation: ANNUALISATION,
      winRate: WIN_RATE_DEFINITION,
    },
    portfolio,
    agents,
    benchmark: {
      ...returnFigures(benchmark, barMs),
      endEquityUsd: benchmark.equityUsd[benchmark.equityUsd.length - 1],
    },
    breakers: records.breakerEvents().map((e) => ({
      at: new Date(e.ts).toISOString(),
      breaker: e.breakerId,
      action: e.action,
      state: e.state,
      reason: e.reason,
    })),
    rebalances: rebalances(records),
    coordinator: coordinatorFigures(replay),
    models: modelTotals(replay),
    series: chartSeries({
      curves,
      drawdowns: new Map([...curves].map(([id, c]) => [id, drawdownPath(c)])),
      allocations: new Map(
        [...marks].filter(([id]) => id !== PORTFOLIO_ID).map(([id, m]) => [id, m.allocationPct]),
      ),
      benchmark,
      messages: replay.messageSamples,
    }),
  };
}

/** Equal weight of the capital in every symbol at the first bar's close, held to the end. */
function buyAndHold(
  symbols: readonly string[],
  barCloses: Float64Array,
  closeAt: (symbol: string, closeMs: number) => number,
  capitalUsd: number,
): Curve {
  const units = symbols.map((s) => capitalUsd / symbols.length / closeAt(s, barCloses[0]));
  const n = barCloses.length;
  const curve = {
    ts: Float64Array.from(barCloses),
    equityUsd: new Float64Array(n),
    pnlUsd: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    let value = 0;
    for (let s = 0; s < symbols.length; s++) value += units[s] * closeAt(symbols[s], barCloses[i]);
    curve.equityUsd[i] = value;
    curve.pnlUsd[i] = value - capitalUsd;
  }
  return curve;
}

function rebalances(records: RunRecordsRepository): BacktestReport['rebalances'] {
  const out: {
    at: string;
    reason: string;
    ts: number;
    transfers: { agentId: string; amountUsd: number }[];
  }[] = [];
  for (const t of records.transfers()) {
    const last = out.at(-1);
    const entry =
      last && last.ts === t.ts && last.reason === t.reason
        ? last
        : { at: new Date(t.ts).toISOString(), reason: t.reason, ts: t.ts, transfers: [] };
    if (entry !== last) out.push(entry);
    entry.transfers.push({ agentId: t.agentId, amountUsd: t.amountUsd });
  }
  return out.map(({ ts: _ts, ...rest }) => rest);
}

function coordinatorFigures(replay: ReplayReport): BacktestReport['coordinator'] {
  const { activity } = replay;
  const balance = new Map(replay.balance.map((b) => [b.agentId, b]));
  return {
    mcpEnabled: replay.mcpEnabled,
    messageReduction: activity.messageReduction,
    deliveries: activity.deliveries,
    baselineDeliveries: activity.baselineDeliveries,
    throttledSignalRatio: activity.throttledSignalRatio,
    byType: replay.messagesByType,
    agents: activity.agents.map((a) => ({
      agentId: a.agentId,
      sent: a.sent,
      delivered: a.delivered,
      throttled: a.throttled,
      filtered: a.filtered,
      dropped: a.dropped,
      maxScore: balance.get(a.agentId)?.maxScore ?? 0,
      longestImbalanceMs: balance.get(a.agentId)?.longestImbalanceMs ?? 0,
      belowFloorMs: balance.get(a.agentId)?.belowFloorMs ?? 0,
    })),
  };
}

function modelTotals(replay: ReplayReport): BacktestReport['models'] {
  const usages = Object.values(replay.models);
  return {
    calls: usages.reduce((s, u) => s + Object.values(u.calls).reduce((a, n) => a + n, 0), 0),
    promptTokens: usages.reduce((s, u) => s + u.promptTokens, 0),
    completionTokens: usages.reduce((s, u) => s + u.completionTokens, 0),
    costUsd: usages.reduce((s, u) => s + u.costUsd, 0),
  };
}
