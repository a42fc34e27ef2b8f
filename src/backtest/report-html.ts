import { MESSAGE_TYPES } from '../config/roster.js';
import { PORTFOLIO_ID, type BacktestReport } from './backtest-report.js';
import { formatBacktestReport } from './report-text.js';
import { escapeHtml, svgLineChart } from './svg-chart.js';

/** The report as one HTML file: inline SVG charts, inline style, nothing fetched. */
export function backtestReportHtml(r: BacktestReport): string {
  const s = r.series;
  const ids = [PORTFOLIO_ID, ...r.agents.map((a) => a.agentId)];
  const charts = [
    svgLineChart({
      title: 'Portfolio equity vs buy-and-hold',
      unit: 'USD',
      ts: s.ts,
      lines: [
        { name: 'portfolio', values: s.equity[PORTFOLIO_ID] ?? [] },
        // The benchmark starts at the first bar's close: its first point repeats it.
        { name: 'buy-and-hold', values: s.benchmarkEquity },
      ],
    }),
    svgLineChart({
      title: 'Drawdown',
      unit: '% from the high',
      ts: s.ts,
      lines: ids.map((id) => ({ name: id, values: (s.drawdown[id] ?? []).map((v) => -v) })),
    }),
    ...r.agents.map((a) =>
      svgLineChart({
        title: `${a.agentId}: equity`,
        unit: 'USD',
        ts: s.ts,
        lines: [{ name: a.agentId, values: s.equity[a.agentId] ?? [] }],
      }),
    ),
    svgLineChart({
      title: 'Allocation over time',
      unit: '% of the portfolio',
      ts: s.ts,
      lines: r.agents.map((a) => ({ name: a.agentId, values: s.allocation[a.agentId] ?? [] })),
    }),
    svgLineChart({
      title: 'Messages over time',
      unit: 'published per interval',
      ts: s.messageTs,
      lines: MESSAGE_TYPES.map((type) => ({ name: type, values: s.messages[type] })),
    }),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Backtest ${escapeHtml(r.period.from)} → ${escapeHtml(r.period.to)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}pre{font-size:12px;background:#f6f6f6;padding:12px;overflow-x:auto}svg{display:block;margin:12px 0}</style>
</head><body>
<h1>Backtest ${escapeHtml(r.period.from)} → ${escapeHtml(r.period.to)}</h1>
${charts.join('\n')}
<h2>Figures</h2>
<pre>${escapeHtml(formatBacktestReport(r))}</pre>
</body></html>
`;
}
