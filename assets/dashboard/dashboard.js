/* global document, fetch, performance, setInterval, setTimeout, TextDecoder */
// The operator's page: one snapshot a second from GET /events, drawn with plain DOM and SVG.
import { adminPost, askAndKeepToken, authHeaders, forgetToken } from './admin.js';
import { drawBar, drawLine, sparkline, svgElement } from './charts.js';

const HISTORY = 600;
const SPARK_POINTS = 60;
const RATE_WINDOW = 10;
const FEED_ITEMS = 50;
const ALERTS_EVERY_MS = 5_000;
/** The seed's balance rule: no agent over twice the average activity. */
const IMBALANCE = 2;
const THROTTLE_LIMIT = 0.3;
const REDUCTION_TARGET = [0.6, 0.8];

const $ = (id) => document.getElementById(id);
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usd0 = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const int = new Intl.NumberFormat('en-US');
const pct = (v, digits = 1) => `${(v * 100).toFixed(digits)}%`;
const signedUsd = (v) => (v > 0 ? '+' : '') + usd.format(v);

const state = {
  agentIds: [],
  /** {ts, equityUsd, drawdownPct, sent[]} samples, oldest first. */
  points: [],
  /** The last few bus snapshots: rates are taken over `RATE_WINDOW` of them, not one noisy second. */
  busWindow: [],
  latencyMeans: [],
  feedIds: new Set(),
  rows: new Map(),
  alertsPolled: false,
  rendered: false,
};

function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attrs ?? {})) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

function ago(iso, now) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

// ---- portfolio ----------------------------------------------------------------------------------

/** Whole dollars hide a small move; cents when the curve spans under $100. */
function equityRange() {
  const values = state.points.map((p) => p.equityUsd);
  return Math.max(...values) - Math.min(...values);
}

function renderPortfolio(portfolio) {
  const section = $('portfolio');
  section.querySelector('.unavailable').hidden = portfolio !== null;
  if (!portfolio) return;
  $('mode').textContent = portfolio.mode === 'live' ? 'LIVE' : 'paper';
  $('equity').textContent = usd.format(portfolio.equityUsd);
  $('drawdown').textContent = `${portfolio.drawdownPct.toFixed(2)}%`;
  const equity = state.points.map((p) => p.equityUsd);
  const drawdown = state.points.map((p) => p.drawdownPct);
  drawLine($('equity-chart'), equity);
  drawLine($('drawdown-chart'), drawdown, { area: true, invert: true });
  const money = equityRange() < 100 ? usd : usd0;
  const minutes = Math.max(1, Math.round((state.points.length - 1) / 60));
  const equityText = `low ${money.format(Math.min(...equity))} · high ${money.format(Math.max(...equity))}`;
  const worst = `${Math.max(...drawdown).toFixed(2)}%`;
  $('equity-range').textContent = `· ${equityText}`;
  $('drawdown-range').textContent = `· worst ${worst}`;
  $('equity-chart').setAttribute('aria-label', `Equity over ${minutes} min: ${equityText}`);
  $('drawdown-chart').setAttribute('aria-label', `Drawdown over ${minutes} min: worst ${worst}`);
  renderAllocation(portfolio.agents);
  renderBreakers(portfolio);
}

function renderAllocation(agents) {
  const max = Math.max(1, ...agents.flatMap((a) => [a.allocationPct, a.targetPct])) * 1.15;
  const rows = agents.map((a) => {
    const bar = el('div', { className: 'alloc', attrs: { 'aria-hidden': 'true' } }, [
      el('span', { className: 'actual' }),
      el('span', { className: 'target' }),
    ]);
    bar.firstChild.style.width = `${(a.allocationPct / max) * 100}%`;
    bar.lastChild.style.left = `${(a.targetPct / max) * 100}%`;
    const drift = Math.abs(a.allocationPct - a.targetPct) > 5;
    return el('tr', {}, [
      el('th', { text: a.agentId, attrs: { scope: 'row' } }),
      el('td', {}, [bar]),
      el('td', {
        className: drift ? 'num warn-text' : 'num',
        text: `${a.allocationPct.toFixed(1)}% / ${a.targetPct.toFixed(1)}%`,
      }),
      el('td', {
        className: `num ${a.pnlUsd > 0 ? 'up' : a.pnlUsd < 0 ? 'down' : ''}`,
        text: signedUsd(a.pnlUsd),
      }),
      el('td', { className: 'num wide-only', text: int.format(a.fills) }),
    ]);
  });
  $('allocation-rows').replaceChildren(...rows);
}

function renderBreakers(portfolio) {
  const breakers = portfolio.breakers;
  const banner = $('halted');
  const tripped = (breakers ?? []).filter((b) => b.state !== 'ok');
  const portfolioBreaker = tripped.find((b) => b.id === 'portfolio');
  if (portfolio.halted || tripped.length > 0) {
    const reason = (portfolioBreaker ?? tripped[0])?.reason;
    const who = portfolio.halted
      ? 'Trading halted'
      : `Breaker tripped: ${tripped.map((b) => `${b.id} (${b.state})`).join(', ')}`;
    banner.textContent = reason ? `${who} — ${reason}` : who;
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }
  if (!Array.isArray(breakers)) return;
  const list = $('breakers');
  // Past the warning level but not tripped: shown as `warning`, so an operator sees the trip coming.
  const warned = new Set(portfolio.drawdownWarnings ?? []);
  const stateOf = (b) => (b.state === 'ok' && warned.has(b.id) ? 'warning' : b.state);
  // Rebuilt only when a breaker changes, so a Reset click or keyboard focus survives the updates.
  const shown = JSON.stringify(breakers.map((b) => [b.id, stateOf(b), b.reason]));
  if (list.dataset.shown === shown) return;
  list.dataset.shown = shown;
  if (breakers.length === 0) {
    list.replaceChildren(el('li', { className: 'muted', text: 'No breakers.' }));
    return;
  }
  list.replaceChildren(
    ...breakers.map((b) => {
      const item = el('li', { className: `breaker ${stateOf(b)}` }, [
        el('span', { className: 'name', text: b.id }),
        el('span', { className: 'badge', text: stateOf(b) }),
        el('span', { className: 'muted', text: b.reason ?? '' }),
      ]);
      if (b.state !== 'ok') {
        const button = el('button', {
          text: 'Reset',
          attrs: { type: 'button', 'aria-label': `Reset breaker ${b.id}` },
        });
        button.addEventListener('click', () => {
          void adminPost(
            `/admin/breakers/${encodeURIComponent(b.id)}/reset`,
            {},
            () => `Breaker ${b.id} reset.`,
          );
        });
        item.append(button);
      }
      return item;
    }),
  );
}

// ---- agent activity -----------------------------------------------------------------------------

/** Messages per second per agent between consecutive samples, the last `SPARK_POINTS` of them. */
function messageRates(index) {
  const points = state.points.slice(-SPARK_POINTS - 1);
  const rates = [];
  for (let i = 1; i < points.length; i++) {
    const dt = (points[i].ts - points[i - 1].ts) / 1000;
    rates.push(dt > 0 ? Math.max(0, (points[i].sent[index] - points[i - 1].sent[index]) / dt) : 0);
  }
  return rates;
}

// An in-process agent is never "connected"; only an external one over Pub/Sub is.
function linkState(agent, now) {
  if (agent.connected === true) return ['external, connected', 'ok'];
  const recent = agent.lastSeenAt && now - Date.parse(agent.lastSeenAt) < 30_000;
  return recent ? ['active', 'ok'] : ['quiet', 'bad'];
}

function renderActivity(activity, now) {
  const rows = activity.agents.map((a, index) => {
    const gauge = svgElement('svg', {
      viewBox: '0 0 160 20',
      class: 'score',
      'aria-hidden': 'true',
    });
    drawBar(gauge, a.activityScore, { max: 3, mark: IMBALANCE });
    const [link, linkClass] = linkState(a, now);
    const flags = [];
    if (a.belowFloor) flags.push(el('span', { className: 'badge warn', text: 'below floor' }));
    if (a.slowed) flags.push(el('span', { className: 'badge warn', text: 'slowed' }));
    return el('tr', { attrs: { 'data-agent': a.agentId } }, [
      el('th', { attrs: { scope: 'row' } }, [
        el('span', { text: a.agentId }),
        ...flags,
        el('span', { className: 'role', text: a.role }),
        el('span', {
          className: `seen dot ${linkClass}`,
          text: `${link} · ${ago(a.lastSeenAt, now)}`,
        }),
      ]),
      el('td', {}, [gauge]),
      el('td', {
        className: a.activityScore > IMBALANCE ? 'num warn-text' : 'num',
        text: a.activityScore.toFixed(2),
      }),
      el('td', {}, [sparkline(messageRates(index))]),
      el('td', { className: 'num wide-only', text: int.format(a.sent) }),
    ]);
  });
  $('activity-rows').replaceChildren(...rows);
  $('sent-total').textContent = int.format(activity.agents.reduce((s, a) => s + a.sent, 0));
}

// ---- communication ------------------------------------------------------------------------------

function renderCommunication(snapshot) {
  const { activity, bus } = snapshot;
  $('throttled-ratio').textContent = pct(activity.throttledSignalRatio);
  drawBar($('throttled-gauge'), activity.throttledSignalRatio, { max: 1, mark: THROTTLE_LIMIT });
  $('reduction').textContent = pct(activity.messageReduction);
  drawBar($('reduction-gauge'), activity.messageReduction, {
    max: 1,
    mark: REDUCTION_TARGET[0],
    band: REDUCTION_TARGET,
    warnAbove: false,
  });
  state.busWindow.push({ ts: snapshot.ts, bus });
  if (state.busWindow.length > RATE_WINDOW + 1) state.busWindow.shift();
  const oldest = state.busWindow.length > 1 ? state.busWindow[0] : null;
  renderTraffic(bus, snapshot.ts, oldest);
  renderLatency(bus.latency, oldest?.bus.latency);
}

function renderTraffic(bus, ts, previous) {
  const head = $('traffic-head');
  if (!head.firstChild) {
    head.append(
      el('tr', {}, [
        el('th', { text: 'Type', attrs: { scope: 'col' } }),
        ...bus.outcomes.map((o) =>
          el('th', { className: 'num', text: o, attrs: { scope: 'col' } }),
        ),
      ]),
    );
  }
  const dt = previous ? (ts - previous.ts) / 1000 : 0;
  const rows = bus.types.map((type, t) =>
    el('tr', {}, [
      el('th', { text: type, attrs: { scope: 'row' } }),
      ...bus.outcomes.map((_, o) => {
        const rate =
          previous && dt > 0 ? Math.max(0, (bus.counts[t][o] - previous.bus.counts[t][o]) / dt) : 0;
        return el('td', { className: rate > 0 ? 'num' : 'num muted', text: rate.toFixed(1) });
      }),
    ]),
  );
  $('traffic-rows').replaceChildren(...rows);
}

function formatSeconds(s) {
  if (s < 1e-3) return `${(s * 1e6).toFixed(0)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(1)} ms`;
  return `${s.toFixed(2)} s`;
}

function renderLatency(latency, previous) {
  const count = latency.count - (previous?.count ?? 0);
  const sum = latency.sumSeconds - (previous?.sumSeconds ?? 0);
  const mean = count > 0 ? sum / count : latency.count > 0 ? latency.sumSeconds / latency.count : 0;
  state.latencyMeans.push(mean);
  if (state.latencyMeans.length > SPARK_POINTS) state.latencyMeans.shift();
  $('latency-mean').textContent = latency.count > 0 ? formatSeconds(mean) : '—';
  // p95 since start, from the histogram: the first bound under which 95% of deliveries fall.
  let seen = 0;
  let p95 = null;
  for (let b = 0; b < latency.buckets.length; b++) {
    seen += latency.buckets[b];
    if (seen >= latency.count * 0.95) {
      p95 = latency.bounds[b];
      break;
    }
  }
  $('latency-p95').textContent =
    latency.count === 0 ? '—' : p95 === null ? '> 1 s' : `≤ ${formatSeconds(p95)}`;
  drawLine($('latency-chart'), state.latencyMeans);
}

// ---- thresholds ---------------------------------------------------------------------------------

function thresholdForm(agentId) {
  const id = `threshold-${agentId}`;
  const input = el('input', {
    attrs: {
      id,
      name: 'threshold',
      type: 'number',
      min: '0',
      max: '1',
      step: '0.01',
      inputmode: 'decimal',
    },
  });
  const current = el('span', { className: 'current' });
  const form = el(
    'form',
    { className: 'threshold', attrs: { novalidate: '', 'data-agent': agentId } },
    [
      el('label', { text: agentId, attrs: { for: id } }),
      input,
      el('button', {
        text: 'Set',
        attrs: { type: 'submit', 'aria-label': `Set threshold of ${agentId}` },
      }),
      current,
    ],
  );
  input.addEventListener('input', () => (input.dataset.dirty = '1'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // The server is the judge of the value: an out-of-range number comes back with its reason.
    const threshold = input.value.trim() === '' ? null : Number(input.value);
    void adminPost(
      `/set-participation-threshold/${encodeURIComponent(agentId)}`,
      { threshold },
      (answer) => `Threshold of ${agentId} set to ${answer.threshold}.`,
    ).then((answer) => {
      if (answer) delete input.dataset.dirty;
    });
  });
  return { form, input, current };
}

function renderThresholds(activity) {
  const container = $('threshold-forms');
  for (const a of activity.agents) {
    let row = state.rows.get(a.agentId);
    if (!row) {
      row = thresholdForm(a.agentId);
      state.rows.set(a.agentId, row);
      container.append(row.form);
    }
    // Never overwrite what the operator is typing.
    if (!row.input.dataset.dirty && document.activeElement !== row.input)
      row.input.value = String(a.participationThreshold);
    row.current.textContent = `now ${a.participationThreshold.toFixed(2)} · activity floor ${a.floor ?? '—'}`;
  }
}

// ---- feed ---------------------------------------------------------------------------------------

function feedItem(m) {
  const time = new Date(m.ts);
  const meta = [
    m.symbol,
    m.side,
    m.confidence !== undefined ? `conf ${m.confidence.toFixed(2)}` : undefined,
    m.horizon,
  ].filter(Boolean);
  return el('li', { className: `message ${m.type}` }, [
    el('div', { className: 'who' }, [
      el('time', { text: time.toLocaleTimeString(), attrs: { datetime: time.toISOString() } }),
      el('strong', { text: m.from }),
      el('span', { className: 'badge', text: m.type }),
      m.to?.length ? el('span', { className: 'muted', text: `→ ${m.to.join(', ')}` }) : '',
      meta.length ? el('span', { className: 'muted', text: meta.join(' · ') }) : '',
    ]),
    el('p', { text: m.text ?? '' }),
  ]);
}

function renderFeed(items) {
  const list = $('feed-list');
  const fresh = items.filter((m) => !state.feedIds.has(m.id));
  for (const m of fresh) {
    state.feedIds.add(m.id);
    list.prepend(feedItem(m));
  }
  while (list.children.length > FEED_ITEMS) list.lastElementChild.remove();
  if (state.feedIds.size > FEED_ITEMS * 4) {
    state.feedIds = new Set(items.map((m) => m.id));
  }
  if (list.children.length === 0 && !list.dataset.empty) {
    list.dataset.empty = '1';
    list.append(el('li', { className: 'muted empty', text: 'No theses or discussions yet.' }));
  } else if (fresh.length > 0) {
    list.querySelector('.empty')?.remove();
  }
}

// ---- alerts -------------------------------------------------------------------------------------

const ALERT_ORDER = { firing: 0, pending: 1, inactive: 2 };

async function refreshAlerts() {
  const list = $('alert-list');
  let body;
  try {
    const response = await fetch('/alerts', { headers: authHeaders() });
    if (!response.ok) {
      list.replaceChildren(el('li', { className: 'muted', text: `Alerts: ${response.status}` }));
      return;
    }
    body = await response.json();
  } catch {
    list.replaceChildren(el('li', { className: 'muted', text: 'Alerts unreachable.' }));
    return;
  }
  const alerts = [...(body.alerts ?? [])].sort(
    (a, b) => ALERT_ORDER[a.state] - ALERT_ORDER[b.state],
  );
  const active = alerts.filter((a) => a.state !== 'inactive');
  const items = active.map((a) =>
    el('li', { className: `alert ${a.state} ${a.severity ?? ''}` }, [
      el('div', {}, [
        el('span', { className: 'badge', text: a.state }),
        el('strong', { text: a.summary || a.name }),
        a.labels?.agent ? el('span', { className: 'muted', text: a.labels.agent }) : '',
      ]),
      el('p', { className: 'muted', text: a.description ?? '' }),
    ]),
  );
  // Venue alerts are events (an IP ban, a reconciliation mismatch), not rules: newest first, above the rules.
  const venue = (body.venue ?? []).map((v) =>
    el('li', { className: 'alert firing critical venue' }, [
      el('div', {}, [
        el('span', { className: 'badge', text: `venue · ${v.source}` }),
        el('strong', { text: v.message }),
      ]),
      el('p', { className: 'muted', text: `raised ${v.raisedAt} (market time ${v.marketTime})` }),
    ]),
  );
  items.unshift(...venue);
  items.push(
    el('li', {
      className: 'muted',
      text: `${active.length === 0 && venue.length === 0 ? 'Nothing firing. ' : ''}${alerts.length - active.length} of ${alerts.length} rules inactive.`,
    }),
  );
  list.replaceChildren(...items);
}

/** A replay whose data has run out says so: the numbers stay, nothing trades any more. */
function renderMarketEnd(endedAt) {
  const banner = $('market-ended');
  banner.hidden = endedAt === undefined;
  if (endedAt !== undefined)
    banner.textContent = `Market data ended at ${new Date(endedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC: the replay is over and trading has stopped.`;
}

// ---- stream -------------------------------------------------------------------------------------

function render(snapshot) {
  if (!state.alertsPolled) {
    // After the first event, so a service whose reads need a token has been given one.
    state.alertsPolled = true;
    void refreshAlerts();
    setInterval(() => void refreshAlerts(), ALERTS_EVERY_MS);
  }
  if (snapshot.history) state.points = snapshot.history.slice(-HISTORY);
  state.points.push({
    ts: snapshot.ts,
    equityUsd: snapshot.portfolio?.equityUsd ?? 0,
    drawdownPct: snapshot.portfolio?.drawdownPct ?? 0,
    sent: snapshot.activity.agents.map((a) => a.sent),
  });
  if (state.points.length > HISTORY) state.points.shift();
  renderPortfolio(snapshot.portfolio);
  renderActivity(snapshot.activity, snapshot.ts);
  renderCommunication(snapshot);
  renderThresholds(snapshot.activity);
  renderFeed(snapshot.feed);
  renderMarketEnd(snapshot.marketEndedAt);
  document.body.dataset.updated = String(snapshot.ts);
  // The benchmark reads this: navigation start to the first live numbers on screen.
  if (!state.rendered) {
    state.rendered = true;
    performance.mark('dashboard:first-snapshot');
  }
}

/** How long the page waits before opening the stream again. */
const RECONNECT_MS = 2_000;

function showLink(text, ok) {
  const link = $('link');
  link.textContent = text;
  link.className = ok ? 'dot ok' : 'dot bad';
}

/** Calls `onData` with each event's data until the stream ends. */
async function readEvents(body, onData) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
        .join('\n');
      buffer = buffer.slice(end + 2);
      if (data) onData(data);
    }
  }
}

/**
 * The live stream over fetch rather than EventSource, which cannot send an Authorization header:
 * when the service wants a read token the page asks for one, then reconnects whenever the stream ends.
 */
async function connect() {
  for (;;) {
    try {
      const response = await fetch('/events', { headers: authHeaders() });
      if (response.status === 401) {
        forgetToken();
        showLink('token needed', false);
        if ((await askAndKeepToken('Read token')) === null) return;
        continue;
      }
      if (!response.ok || !response.body) throw new Error(String(response.status));
      showLink('live', true);
      await readEvents(response.body, (data) => render(JSON.parse(data)));
    } catch {
      // the service is away: retry below
    }
    showLink('reconnecting…', false);
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}

$('halt-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const reason = $('halt-reason').value.trim();
  void adminPost('/admin/halt', { reason }, () => `Trading halted: ${reason}`);
});

void connect();
