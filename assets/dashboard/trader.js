/* global document, fetch, performance, setInterval, URLSearchParams */
// The trader's view: equity, prices with fills, positions, trades and allocation, all in market time,
// read from the service's trader API every few seconds. Controls live outside what is redrawn, so a
// selection or a focused button survives every update.
import { svgElement } from './charts.js';

const REFRESH_MS = 2_000;
const STALE_AFTER_MS = 6_000;
const PAGE = 15;
const HOUR = 3_600_000;
/** Range buttons: how much market time each shows, and the step that keeps the curve a few hundred points. */
const RANGES = {
  '1h': { ms: HOUR, step: '5m' },
  '1d': { ms: 24 * HOUR, step: '5m' },
  '1w': { ms: 7 * 24 * HOUR, step: '1h' },
  all: { ms: Infinity, step: '1h' },
};
const COLOURS = ['#58a6ff', '#3fb950', '#f0b429', '#ff7b72', '#d2a8ff', '#56d4dd', '#e6edf3'];

const $ = (id) => document.getElementById(id);
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const compactUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
/** Axis labels with as many digits as the span needs: $100,012 and $100,087, not $100K twice. */
const usdAxis = (v0, v1) => {
  const span = v1 - v0;
  if (Math.max(Math.abs(v0), Math.abs(v1)) >= 1e6 && span >= 1e5) return compactUsd.format;
  const digits = span < 10 ? 2 : 0;
  const f = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return f.format;
};
const qty = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });
const marketTime = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const shortTime = (ms, spanMs) =>
  spanMs > 2 * 24 * HOUR
    ? new Date(ms).toISOString().slice(5, 10)
    : new Date(ms).toISOString().slice(11, 16);

const view = {
  range: '1d',
  series: 'portfolio',
  symbol: 'BTCUSDT',
  /** Cursors of the pages shown so far: the last one is the current page. */
  cursors: [null],
  lastOkAt: null,
  asOf: null,
  asOfChangedAt: null,
  agentColours: new Map(),
};

function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attrs ?? {})) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

async function getJson(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const response = await fetch(`${path}${query.size ? `?${query}` : ''}`);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** A colour key; set through CSSOM, since the page's CSP refuses inline style attributes. */
function swatch(colour) {
  const node = el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
  node.style.background = colour;
  return node;
}

function colourOf(agentId) {
  if (!view.agentColours.has(agentId))
    view.agentColours.set(agentId, COLOURS[view.agentColours.size % COLOURS.length]);
  return view.agentColours.get(agentId);
}

// ---- a time chart with axes, tooltip and keyboard -----------------------------------------------

function ticks(min, max, count) {
  return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
}

/**
 * Draws `series` ([{ label, colour, points: [{ t, v }] }]) on market-time and value axes, with
 * optional `markers` ([{ t, v, colour, label, shape }]). Returns the flat list of points a tooltip
 * walks through.
 */
function drawTimeChart(svg, series, { yLabel, format, markers = [] }) {
  svg.replaceChildren();
  const width = 640;
  const height = 220;
  const left = 78;
  const bottom = 34;
  const top = 8;
  const right = 12;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    svg.append(label(width / 2, height / 2, 'no marks in this range yet', 'middle'));
    return [];
  }
  const ts = all.map((p) => p.t);
  const vs = [...all.map((p) => p.v), ...markers.map((m) => m.v)];
  let [t0, t1] = [Math.min(...ts), Math.max(...ts)];
  let [v0, v1] = [Math.min(...vs), Math.max(...vs)];
  if (t1 === t0) [t0, t1] = [t0 - HOUR / 2, t1 + HOUR / 2];
  if (v1 - v0 < 1e-9) [v0, v1] = [v0 - 1, v1 + 1];
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const y = (v) => top + (1 - (v - v0) / (v1 - v0)) * (height - top - bottom);
  const axes = svgElement('g', { class: 'axes' });
  const tickText = format(v0, v1);
  for (const v of ticks(v0, v1, 4)) {
    axes.append(
      svgElement('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'grid' }),
    );
    axes.append(label(left - 6, y(v) + 4, tickText(v), 'end'));
  }
  ticks(t0, t1, 5).forEach((t, i, all) => {
    const anchor = i === 0 ? 'start' : i === all.length - 1 ? 'end' : 'middle';
    axes.append(label(x(t), height - bottom + 16, shortTime(t, t1 - t0), anchor));
  });
  axes.append(
    label(
      left + (width - left - right) / 2,
      height - 2,
      'market time (UTC)',
      'middle',
      'axis-title',
    ),
  );
  const yTitle = label(12, top + (height - top - bottom) / 2, yLabel, 'middle', 'axis-title');
  yTitle.setAttribute('transform', `rotate(-90 12 ${top + (height - top - bottom) / 2})`);
  axes.append(yTitle);
  svg.append(axes);
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    svg.append(svgElement('polyline', { points: d, class: 'series', stroke: s.colour }));
  }
  for (const m of markers) {
    if (m.t < t0 || m.t > t1) continue;
    const mark = svgElement('path', {
      d: m.shape === 'sell' ? `M-5,-4 L5,-4 L0,5 Z` : `M-5,4 L5,4 L0,-5 Z`,
      transform: `translate(${x(m.t).toFixed(1)} ${y(m.v).toFixed(1)})`,
      fill: m.colour,
      class: 'fill-mark',
    });
    const title = svgElement('title');
    title.textContent = m.label;
    mark.append(title);
    svg.append(mark);
  }
  svg.append(
    svgElement('line', { class: 'cursor', y1: top, y2: height - bottom, x1: -10, x2: -10 }),
  );
  return series
    .flatMap((s) => s.points.map((p) => ({ ...p, series: s.label, x: x(p.t), y: y(p.v) })))
    .sort((a, b) => a.t - b.t);
}

function label(x, y, content, anchor, className = 'tick') {
  const node = svgElement('text', { x, y, 'text-anchor': anchor, class: className });
  node.textContent = content;
  return node;
}

/** Pointer and arrow keys move a cursor over the points; the tooltip says time, series and value. */
function attachTooltip(svg, tooltip, format) {
  let points = [];
  let index = -1;
  const show = (i) => {
    if (points.length === 0) return;
    index = Math.max(0, Math.min(points.length - 1, i));
    const p = points[index];
    const cursor = svg.querySelector('.cursor');
    cursor?.setAttribute('x1', p.x);
    cursor?.setAttribute('x2', p.x);
    tooltip.textContent = `${marketTime(p.t)} · ${p.series}: ${format(p.v)}`;
    tooltip.hidden = false;
  };
  svg.addEventListener('pointermove', (event) => {
    const box = svg.getBoundingClientRect();
    const vx = ((event.clientX - box.left) / box.width) * 640;
    let best = 0;
    for (let i = 1; i < points.length; i++)
      if (Math.abs(points[i].x - vx) < Math.abs(points[best].x - vx)) best = i;
    show(best);
  });
  svg.addEventListener('pointerleave', () => (tooltip.hidden = true));
  svg.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') show(index - 1);
    else if (event.key === 'ArrowRight') show(index + 1);
    else if (event.key === 'Home') show(0);
    else if (event.key === 'End') show(points.length - 1);
    else return;
    event.preventDefault();
  });
  svg.addEventListener('blur', () => (tooltip.hidden = true));
  return (next) => {
    points = next;
    if (!tooltip.hidden && index >= 0) show(Math.min(index, points.length - 1));
  };
}

const setEquityPoints = attachTooltip($('tv-equity-chart'), $('tv-equity-tip'), (v) =>
  usd.format(v),
);
const setPricePoints = attachTooltip($('tv-price-chart'), $('tv-price-tip'), (v) => usd.format(v));
const setAllocationPoints = attachTooltip(
  $('tv-allocation-chart'),
  $('tv-allocation-tip'),
  (v) => `${v.toFixed(1)}%`,
);

// ---- panels ------------------------------------------------------------------------------------

function rangeFrom(asOfMs) {
  const { ms } = RANGES[view.range];
  return Number.isFinite(ms) && asOfMs !== null ? new Date(asOfMs - ms).toISOString() : undefined;
}

async function refreshEquity(asOfMs) {
  const body = await getJson('/equity', {
    agent: view.series === 'all' ? undefined : view.series,
    step: RANGES[view.range].step,
    from: rangeFrom(asOfMs),
  });
  const series = body.series
    .filter((s) => view.series !== 'all' || s.id !== 'portfolio')
    .map((s) => ({
      label: s.id,
      colour: s.id === 'portfolio' ? '#58a6ff' : colourOf(s.id),
      points: s.points.map((p) => ({ t: Date.parse(p.ts), v: p.equityUsd })),
    }));
  const svg = $('tv-equity-chart');
  setEquityPoints(drawTimeChart(svg, series, { yLabel: 'equity, USD', format: usdAxis }));
  const count = series.reduce((n, s) => n + s.points.length, 0);
  svg.dataset.points = String(count);
  svg.dataset.first = series[0]?.points[0] ? String(series[0].points[0].t) : '';
  svg.setAttribute(
    'aria-label',
    `Equity of ${view.series} over ${view.range} of market time: ${count} marks`,
  );
}

async function refreshPrices() {
  const [bars, fills] = await Promise.all([
    getJson('/candles', { symbol: view.symbol }),
    getJson('/fills', { symbol: view.symbol, limit: '500' }),
  ]);
  const line = {
    label: view.symbol,
    colour: '#e6edf3',
    points: bars.candles.map((c) => ({ t: Date.parse(c.openTime), v: c.close })),
  };
  const markers = fills.fills.map((f) => ({
    t: Date.parse(f.ts),
    v: f.price,
    colour: colourOf(f.agentId),
    shape: f.side,
    label: `${f.agentId} ${f.side} ${qty.format(f.quantity)} @ ${usd.format(f.price)}`,
  }));
  setPricePoints(
    drawTimeChart($('tv-price-chart'), [line], {
      yLabel: 'close, USD',
      format: usdAxis,
      markers,
    }),
  );
}

async function refreshAllocation() {
  const body = await getJson('/allocations/history', { step: RANGES[view.range].step });
  const series = body.agents.map((a) => ({
    label: a.agentId,
    colour: colourOf(a.agentId),
    points: a.points.map((p) => ({ t: Date.parse(p.ts), v: p.allocationPct })),
  }));
  setAllocationPoints(
    drawTimeChart($('tv-allocation-chart'), series, {
      yLabel: 'share of equity, %',
      format: () => (v) => `${v.toFixed(0)}%`,
    }),
  );
  $('tv-allocation-legend').replaceChildren(
    ...series.map((s) => el('li', {}, [swatch(s.colour), s.label])),
  );
}

function renderPositions(body) {
  const rows = body.agents.flatMap((a) =>
    a.positions.map((p) =>
      el('tr', { attrs: { 'data-agent': a.agentId, 'data-symbol': p.symbol } }, [
        el('th', { text: a.agentId, attrs: { scope: 'row' } }),
        el('td', { text: p.symbol }),
        el('td', { className: 'num', text: qty.format(p.quantity) }),
        el('td', { className: 'num wide-only', text: usd.format(p.averagePrice) }),
        el('td', { className: 'num', text: usd.format(p.marketValueUsd) }),
        el('td', {
          className: `num ${p.unrealizedPnlUsd > 0 ? 'up' : p.unrealizedPnlUsd < 0 ? 'down' : ''}`,
          text: usd.format(p.unrealizedPnlUsd),
        }),
      ]),
    ),
  );
  $('tv-positions').replaceChildren(
    ...(rows.length
      ? rows
      : [el('tr', {}, [el('td', { text: 'No open positions.', attrs: { colspan: '6' } })])]),
  );
}

async function refreshTrades() {
  const page = await getJson('/fills', {
    agent: $('tv-agent').value,
    symbol: $('tv-symbol-filter').value,
    limit: String(PAGE),
    cursor: view.cursors.at(-1),
  });
  const rows = page.fills.map((f) =>
    el('tr', { attrs: { 'data-fill': String(f.id) } }, [
      el('td', { text: marketTime(Date.parse(f.ts)) }),
      el('th', { text: f.agentId, attrs: { scope: 'row' } }),
      el('td', { text: f.symbol }),
      el('td', { className: f.side === 'buy' ? 'up' : 'down', text: f.side }),
      el('td', { className: 'num', text: qty.format(f.quantity) }),
      el('td', { className: 'num', text: usd.format(f.price) }),
      el('td', { className: 'num wide-only', text: usd.format(f.feeUsd) }),
    ]),
  );
  $('tv-trades').replaceChildren(
    ...(rows.length
      ? rows
      : [el('tr', {}, [el('td', { text: 'No trades match.', attrs: { colspan: '7' } })])]),
  );
  view.nextCursor = page.nextCursor;
  $('tv-older').disabled = page.nextCursor === null;
  $('tv-newer').disabled = view.cursors.length === 1;
  $('tv-page').textContent = `page ${view.cursors.length}`;
}

function renderMarketTime(asOf) {
  const now = performance.now();
  if (asOf !== view.asOf) {
    view.asOf = asOf;
    view.asOfChangedAt = now;
  }
  const idle = view.asOfChangedAt !== null && now - view.asOfChangedAt > 15_000;
  $('tv-market-time').textContent = asOf ? `${marketTime(Date.parse(asOf))} UTC` : '—';
  $('tv-end').hidden = !idle;
}

/** Grey, with the time since the last good answer, while the service does not answer. */
function renderStaleness() {
  const section = $('trader');
  const stale = view.lastOkAt === null || performance.now() - view.lastOkAt > STALE_AFTER_MS;
  section.classList.toggle('stale', stale && view.lastOkAt !== null);
  const note = $('tv-stale');
  note.hidden = !(stale && view.lastOkAt !== null);
  if (!note.hidden)
    note.textContent = `Disconnected — last update ${Math.round((performance.now() - view.lastOkAt) / 1000)} s ago`;
}

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    const positions = await getJson('/positions');
    const asOfMs = positions.asOf ? Date.parse(positions.asOf) : null;
    renderPositions(positions);
    renderMarketTime(positions.asOf);
    await Promise.all([
      refreshEquity(asOfMs),
      refreshPrices(),
      refreshAllocation(),
      refreshTrades(),
    ]);
    if (view.lastOkAt === null) performance.mark('dashboard:trader-first-render');
    view.lastOkAt = performance.now();
    document.body.dataset.traderUpdated = String(Date.now());
  } catch {
    // The stale state says it; the next refresh tries again.
  } finally {
    refreshing = false;
    renderStaleness();
  }
}

/** The roster is configuration (seats declared in MCP_SEATS join the seed): the pickers list it all. */
async function listRosterAgents() {
  const { agents } = await getJson('/agents');
  for (const select of [$('tv-series'), $('tv-agent')]) {
    const listed = new Set([...select.options].map((o) => o.value));
    for (const { agentId } of agents)
      if (!listed.has(agentId))
        select.append(el('option', { text: agentId, attrs: { value: agentId } }));
  }
}

// ---- controls ----------------------------------------------------------------------------------

for (const button of document.querySelectorAll('#tv-ranges button')) {
  button.addEventListener('click', () => {
    view.range = button.dataset.range;
    for (const b of document.querySelectorAll('#tv-ranges button'))
      b.setAttribute('aria-pressed', String(b === button));
    void refresh();
  });
}
$('tv-series').addEventListener('change', (event) => {
  view.series = event.target.value;
  void refresh();
});
$('tv-price-symbol').addEventListener('change', (event) => {
  view.symbol = event.target.value;
  void refresh();
});
for (const filter of ['tv-agent', 'tv-symbol-filter'])
  $(filter).addEventListener('change', () => {
    view.cursors = [null];
    void refresh();
  });
$('tv-older').addEventListener('click', () => {
  if (view.nextCursor) view.cursors.push(view.nextCursor);
  void refresh();
});
$('tv-newer').addEventListener('click', () => {
  if (view.cursors.length > 1) view.cursors.pop();
  void refresh();
});

listRosterAgents().catch(() => {
  // The seed's agents are in the page already; the next load lists the rest.
});
void refresh();
setInterval(() => void refresh(), REFRESH_MS);
setInterval(renderStaleness, 1_000);
