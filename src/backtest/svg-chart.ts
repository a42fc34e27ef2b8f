export interface ChartLine {
  readonly name: string;
  readonly values: readonly number[];
}

export interface LineChart {
  readonly title: string;
  readonly unit: string;
  readonly ts: readonly number[];
  readonly lines: readonly ChartLine[];
}

const WIDTH = 760;
const HEIGHT = 236;
const PAD = { left: 70, right: 12, top: 40, bottom: 28 };
const COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#8c564b',
  '#17becf',
  '#7f7f7f',
];

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const label = (v: number) =>
  Math.abs(v) >= 10_000 ? `${(v / 1000).toFixed(0)}k` : Number(v.toPrecision(4)).toString();

/** One line chart as inline SVG: no script, no external file. */
export function svgLineChart(chart: LineChart): string {
  const finite = chart.lines.flatMap((l) => l.values.filter(Number.isFinite));
  const lo = finite.length > 0 ? Math.min(...finite) : 0;
  const hi = finite.length > 0 ? Math.max(...finite) : 1;
  const span = hi - lo || Math.abs(hi) || 1;
  const t0 = chart.ts[0] ?? 0;
  const tSpan = (chart.ts.at(-1) ?? 1) - t0 || 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - t0) / tSpan) * plotW;
  const y = (v: number) => PAD.top + (1 - (v - lo) / span) * plotH;
  const paths = chart.lines.map((line, i) => {
    const d = line.values
      .map((v, k) => (Number.isFinite(v) ? `${x(chart.ts[k]).toFixed(1)},${y(v).toFixed(1)}` : ''))
      .filter((p) => p !== '')
      .join(' ');
    return `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.4" points="${d}"><title>${escapeHtml(line.name)}</title></polyline>`;
  });
  const legend = chart.lines.map(
    (line, i) =>
      `<tspan fill="${COLOURS[i % COLOURS.length]}" dx="${i === 0 ? 0 : 14}">■ ${escapeHtml(line.name)}</tspan>`,
  );
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    `<text x="${PAD.left}" y="15" font-size="12" font-weight="bold">${escapeHtml(chart.title)} (${escapeHtml(chart.unit)})</text>`,
    `<text x="${PAD.left}" y="31" font-size="11">${legend.join('')}</text>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + 10}" font-size="10" text-anchor="end">${label(hi)}</text>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + plotH}" font-size="10" text-anchor="end">${label(lo)}</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 8}" font-size="10">${day(t0)}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" font-size="10" text-anchor="end">${day(t0 + tSpan)}</text>`,
    ...paths,
    '</svg>',
  ].join('');
}
