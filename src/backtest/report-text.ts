import { MESSAGE_TYPES } from '../config/roster.js';
import type { BacktestReport, SeriesFigures } from './backtest-report.js';

/** Rows of a right-aligned table, first column left-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export const pct = (x: number | null, digits = 2) => (x === null ? '—' : `${x.toFixed(digits)}%`);
export const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
export const usd = (x: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const day = (iso: string | null) => (iso === null ? '—' : iso.replace(':00.000Z', 'Z'));

const FIGURE_HEADER = [
  'series',
  'return',
  'max DD',
  'vol (ann.)',
  'Sharpe',
  'Sortino',
  'trades',
  'win rate',
  'fees USD',
  'turnover',
  'exposure',
];

function figureRow(name: string, f: SeriesFigures): string[] {
  return [
    name,
    pct(f.returnPct),
    pct(f.maxDrawdownPct),
    pct(f.volatilityPct, 1),
    num(f.sharpe),
    num(f.sortino),
    String(f.trades),
    pct(f.winRatePct, 1),
    usd(f.feesUsd),
    `${f.turnover.toFixed(1)}×`,
    pct(f.averageExposurePct, 1),
  ];
}

const LISTED = 12;

/** The report for a terminal. */
export function formatBacktestReport(r: BacktestReport): string {
  const { period, portfolio: p, benchmark: b, coordinator: c } = r;
  const settings = Object.entries(r.settings).map(([k, v]) => `${k}=${v}`);
  const lines = [
    `Backtest ${period.from} → ${period.to}: ${period.bars} bars of ${period.barMinutes} min × ${period.symbols.length} symbols (${period.symbols.join(', ')})`,
    `data: ${r.marketDataDir}${settings.length > 0 ? `; settings: ${settings.join(' ')}` : ''}; ran in ${(r.wallMs / 1000).toFixed(1)} s`,
    '',
    `equity ${usd(p.startEquityUsd)} → ${usd(p.endEquityUsd)} USD: ${pct(p.returnPct)}; buy-and-hold (equal weight at the first close) ${pct(b.returnPct)}`,
    `max drawdown ${pct(p.maxDrawdownPct)} (peak ${day(p.drawdownPeakAt)}, trough ${day(p.drawdownTroughAt)}); benchmark ${pct(b.maxDrawdownPct)}, Sharpe ${num(b.sharpe)}`,
    '',
    ...table(FIGURE_HEADER, [
      figureRow('portfolio', p),
      ...r.agents.map((a) => figureRow(a.agentId, a)),
    ]),
    '',
    ...table(
      ['allocation', 'start', 'end', 'min', 'max', 'model calls', 'tokens', 'cost USD'],
      r.agents.map((a) => [
        a.agentId,
        pct(a.allocation.startPct, 1),
        pct(a.allocation.endPct, 1),
        pct(a.allocation.minPct, 1),
        pct(a.allocation.maxPct, 1),
        String(a.modelCalls),
        String(a.modelTokens),
        a.modelCostUsd.toFixed(4),
      ]),
    ),
    '',
    `breaker events: ${r.breakers.length}`,
    ...r.breakers
      .slice(0, LISTED)
      .map((e) => `  ${day(e.at)}  ${e.breaker} ${e.action} → ${e.state}: ${e.reason ?? ''}`),
    ...(r.breakers.length > LISTED
      ? [`  … ${r.breakers.length - LISTED} more in report.json`]
      : []),
    `rebalances: ${r.rebalances.length}`,
    ...r.rebalances
      .slice(0, LISTED)
      .map(
        (e) =>
          `  ${day(e.at)}  ${e.reason}: ${e.transfers.map((t) => `${t.agentId} ${t.amountUsd >= 0 ? '+' : ''}${usd(t.amountUsd)}`).join(', ')}`,
      ),
    ...(r.rebalances.length > LISTED
      ? [`  … ${r.rebalances.length - LISTED} more in report.json`]
      : []),
    '',
    `coordinator (MCP ${c.mcpEnabled ? 'on' : 'off'}): ${pct(c.messageReduction * 100, 1)} fewer deliveries than everyone-gets-everything (${c.deliveries} of ${c.baselineDeliveries}); signals throttled ${pct(c.throttledSignalRatio * 100, 1)}`,
    ...table(
      ['message type', 'published', 'throttled', 'delivered', 'filtered', 'dropped'],
      MESSAGE_TYPES.map((type) => {
        const t = c.byType[type];
        return [
          type,
          String(t.published),
          String(t.throttled),
          String(t.delivered),
          String(t.filtered),
          String(t.dropped),
        ];
      }),
    ),
    ...table(
      ['balance', 'sent', 'delivered', 'max score', '>2× longest', 'below floor'],
      c.agents.map((a) => [
        a.agentId,
        String(a.sent),
        String(a.delivered),
        a.maxScore.toFixed(2),
        `${(a.longestImbalanceMs / 3_600_000).toFixed(1)} h`,
        `${(a.belowFloorMs / 3_600_000).toFixed(1)} h`,
      ]),
    ),
    '',
    `models: ${r.models.calls} calls, ${r.models.promptTokens + r.models.completionTokens} tokens, ${r.models.costUsd.toFixed(4)} USD`,
    `equity: ${r.definitions.equity}`,
    `Sharpe, Sortino, volatility: ${r.definitions.annualisation}`,
    `win rate: ${r.definitions.winRate}`,
    `data directory: ${r.dataDir}`,
  ];
  return lines.join('\n');
}
