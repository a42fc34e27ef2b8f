import request from 'supertest';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { ActivityReportDto } from '../src/communication/agent-activity.dto.js';
import { DashboardSnapshotService } from '../src/dashboard/dashboard-snapshot.service.js';
import { OutboxShipper } from '../src/export/outbox-shipper.service.js';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { Outbox } from '../src/platform/outbox.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { SeatClient, SEAT_TOKENS, seatTokensVariable } from './support/mcp-seat.js';
import { pollUntil } from './support/poll.js';
import { freePort } from './support/service-process.js';
import { testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const ME = 'deepseek-v3';

interface OrderData {
  clientOrderId: string;
  status: string;
  orderId?: string;
  reason?: string;
  fill?: { symbol: string; side: string; quantity: number; price: number };
}
interface PublishData {
  status: string;
  messageId: string;
  delivered: number;
  filtered: number;
  reason?: string;
}
interface LedgerData {
  agentId: string;
  cashUsd: number;
  fills: number;
  positions: { symbol: string; quantity: number }[];
}

/**
 * The MCP server through the official SDK client over Streamable HTTP, against the real application
 * listening on 127.0.0.1: seats by bearer token, every tool and refusal, resources and subscriptions,
 * and the seat in activity, dashboard, metrics and export like any agent.
 */
describe('MCP server: a seat at the table', () => {
  let app: TestApp;
  let mcpUrl: string;
  let seat: SeatClient;
  let trader: SeatClient | undefined;

  beforeAll(async () => {
    const port = await freePort();
    app = await TestApp.start(
      testConfig({
        PORT: String(port),
        MCP_SEAT_TOKENS: seatTokensVariable(),
        MAX_ORDERS_PER_MINUTE: '2',
      }),
    );
    await app.app.listen({ port, host: '127.0.0.1' });
    mcpUrl = `http://127.0.0.1:${port}/mcp`;
    // Seated before the market moves, so the stand-in spends none of the seat's token bucket.
    seat = await SeatClient.connect(mcpUrl, SEAT_TOKENS[ME]);
    await app.advance(2);
  });

  afterAll(async () => {
    await trader?.close();
    await seat.close();
    await app.close();
  }, 60_000);

  const status = async () =>
    (await request(app.server).get('/portfolio-status').expect(200)).body as PortfolioStatusDto;
  const propose = (args: Record<string, unknown>) => seat.answer<OrderData>('propose_order', args);
  /** Waits until a seat's order is recorded; a paper market order then fills at the next bar's open. */
  const recorded = (agentId: string, clientOrderId: string) =>
    pollUntil(
      () =>
        Promise.resolve(
          app.app
            .get(SqliteConnection)
            .db.prepare('SELECT 1 FROM orders WHERE signal_id = ?')
            .get(`mcp-${agentId}-${clientOrderId}`)
            ? true
            : undefined,
        ),
      5_000,
      10,
    );

  it('initializes on a current protocol revision and lists tools with annotations and output schemas', async () => {
    expect(seat.transport.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(LATEST_PROTOCOL_VERSION >= '2025-06-18').toBe(true);
    expect(seat.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
    const { tools } = await seat.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        'discuss',
        'get_guidance',
        'get_market',
        'my_usage',
        'propose_order',
        'publish_signal',
        'publish_thesis',
        'report_model_usage',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations).toBeDefined();
    }
    expect(tools.find((t) => t.name === 'propose_order')?.annotations?.idempotentHint).toBe(true);
    expect(tools.find((t) => t.name === 'get_market')?.annotations?.readOnlyHint).toBe(true);
  });

  it('lists the resources of its own seat and resource templates', async () => {
    const { resources } = await seat.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining([
        'cloudtrader://portfolio',
        'cloudtrader://risk',
        `cloudtrader://agents/${ME}/ledger`,
        `cloudtrader://agents/${ME}/inbox`,
        'cloudtrader://market/BTCUSDT/candles',
      ]),
    );
    expect(resources.some((r) => r.uri.includes('/agents/qwen/'))).toBe(false);
    const { resourceTemplates } = await seat.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain(
      'cloudtrader://agents/{agentId}/ledger',
    );
    const risk = await seat.read<{ limits: { maxOrdersPerMinute: number }; breakers: unknown[] }>(
      'cloudtrader://risk',
    );
    expect(risk.limits.maxOrdersPerMinute).toBe(2);
    expect(risk.breakers.length).toBeGreaterThan(1);
  });

  it('takes over the agent: the built-in stand-in pauses and the seat shows as connected', async () => {
    const agents = (await request(app.server).get('/agents').expect(200)).body as {
      agents: { agentId: string; state: string }[];
    };
    expect(agents.agents.find((a) => a.agentId === ME)?.state).toBe('paused');
    const activity = (await request(app.server).get('/agent-activity').expect(200))
      .body as ActivityReportDto;
    expect(activity.agents.find((a) => a.agentId === ME)?.connected).toBe(true);
  });

  it('answers get_guidance, get_market and my_usage', async () => {
    const guidance = await seat.answer<{ agentId: string; role: string; symbols: string[] }>(
      'get_guidance',
    );
    expect(guidance.isError).toBe(false);
    expect(guidance.data).toMatchObject({ agentId: ME, role: 'strategist' });
    const market = await seat.answer<{ symbol: string; lastPrice: number; candles: unknown[] }>(
      'get_market',
      { symbol: 'ETHUSDT', bars: 2 },
    );
    expect(market.data.symbol).toBe('ETHUSDT');
    expect(market.data.candles).toHaveLength(2);
    expect(market.data.lastPrice).toBeGreaterThan(0);
    const usage = await seat.answer<{ agentId: string; calls: { tool: string }[] }>('my_usage');
    expect(usage.data.agentId).toBe(ME);
    expect(usage.data.calls.map((c) => c.tool)).toEqual(
      expect.arrayContaining(['get_guidance', 'get_market']),
    );
  });

  it('proposes an order that the orchestrator fills, once per client order id, and notifies the subscribed ledger', async () => {
    const ledgerUri = `cloudtrader://agents/${ME}/ledger`;
    await seat.client.subscribeResource({ uri: ledgerUri });
    const before = await seat.read<LedgerData>(ledgerUri);
    const others = (await status()).agents.filter((a) => a.agentId !== ME);

    const answer = propose({
      clientOrderId: 'btc-1',
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.9,
      rationale: 'higher lows',
    });
    await recorded(ME, 'btc-1');
    await app.advance(1);
    const first = await answer;
    expect(first.isError).toBe(false);
    expect(first.data).toMatchObject({ clientOrderId: 'btc-1', status: 'filled' });
    expect(first.data.fill).toMatchObject({ symbol: 'BTCUSDT', side: 'buy' });
    await pollUntil(
      () => Promise.resolve(seat.updates.includes(ledgerUri) ? true : undefined),
      5_000,
      10,
    );

    const retry = await propose({
      clientOrderId: 'btc-1',
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.9,
    });
    expect(retry.data).toEqual(first.data);
    const after = await seat.read<LedgerData>(ledgerUri);
    expect(after.fills).toBe(before.fills + 1);
    expect(after.positions.find((p) => p.symbol === 'BTCUSDT')?.quantity).toBeCloseTo(
      first.data.fill?.quantity ?? -1,
      12,
    );
    // Nobody else's ledger moved, but by its own fills over the bar the order waited for.
    const othersAfter = (await status()).agents.filter((a) => a.agentId !== ME);
    const othersBefore = new Map(others.map((a) => [a.agentId, a]));
    const unfilled = othersAfter.filter((a) => a.fills === othersBefore.get(a.agentId)?.fills);
    expect(unfilled.length).toBeGreaterThanOrEqual(2); // the roles that do not trade, at least
    for (const a of unfilled) expect(a.cashUsd).toBe(othersBefore.get(a.agentId)?.cashUsd);
  });

  it('publishes a thesis and a discussion through the coordinator, seen on the dashboard and exported', async () => {
    const thesis = await seat.answer<PublishData>('publish_thesis', {
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.8,
      horizon: '4h',
      text: 'outside model: higher lows on BTC',
    });
    expect(thesis.isError).toBe(false);
    expect(thesis.data.status).toBe('accepted');
    expect(thesis.data.delivered).toBeGreaterThan(0);
    const inboxUri = `cloudtrader://agents/${ME}/inbox`;
    await seat.client.subscribeResource({ uri: inboxUri });
    const discussion = await seat.answer<PublishData>('discuss', {
      to: ['qwen'],
      text: 'does the volatility regime argue against this?',
    });
    expect(discussion.data).toMatchObject({ status: 'accepted', delivered: 1 });
    // qwen's stand-in answers; the answer reaches the seat's inbox, and the subscription says so.
    const answer = await pollUntil(
      async () =>
        (
          await seat.read<{ messages: { id: string; from: string; correlationId?: string }[] }>(
            inboxUri,
          )
        ).messages.find((m) => m.from === 'qwen' && m.correlationId === discussion.data.messageId),
      5_000,
      25,
    );
    expect(seat.updates).toContain(inboxUri);
    const reply = await seat.answer<PublishData>('discuss', {
      to: ['qwen'],
      text: 'agreed: half size',
      replyTo: answer.id,
    });
    expect(reply.data.status).toBe('accepted');

    await app.coordinator.bus.whenIdle();
    const dashboard = app.app.get(DashboardSnapshotService).opening();
    expect(dashboard.activity.agents.find((a) => a.agentId === ME)?.connected).toBe(true);
    expect(dashboard.feed.some((f) => JSON.stringify(f).includes(thesis.data.messageId))).toBe(
      true,
    );
    app.app.get(Outbox).flush();
    await app.app.get(OutboxShipper).shipOnce();
    await app.app.get(OutboxShipper).shipOnce();
    const exported = app.app
      .get(SqliteConnection)
      .db.prepare('SELECT agent_id FROM analytics_theses WHERE message_id = ?')
      .get(thesis.data.messageId);
    expect(exported).toEqual({ agent_id: ME });
  });

  // The refusals below come from a second seat, so the first seat's token bucket stays out of them.
  it('refuses an order the pre-trade risk check refuses, and says why', async () => {
    trader = await SeatClient.connect(mcpUrl, SEAT_TOKENS['freqtrade-hft']);
    // A bar with the stand-in stepped aside: its own orders of the last minute leave the rate window.
    await app.advance(1);
    const order = (clientOrderId: string, symbol: string) =>
      trader!.answer<OrderData>('propose_order', {
        clientOrderId,
        symbol,
        side: 'buy',
        confidence: 0.9,
      });
    const first = order('t-1', 'BTCUSDT');
    await recorded('freqtrade-hft', 't-1');
    const second = order('t-2', 'ETHUSDT');
    await recorded('freqtrade-hft', 't-2');
    const refused = await order('t-3', 'SOLUSDT');
    await app.advance(1);
    expect((await first).data.status).toBe('filled');
    expect((await second).data.status).toBe('filled');
    expect(refused.isError).toBe(true);
    expect(refused.data).toMatchObject({
      status: 'refused',
      reason: 'order rate: 2 orders a minute',
    });
    expect(refused.text).toContain('order rate');
  });

  it('refuses new risk while a breaker halts trading', async () => {
    await request(app.server)
      .post('/admin/halt')
      .set(admin)
      .send({ reason: 'mcp test' })
      .expect(200);
    try {
      const refused = await trader!.answer<OrderData>('propose_order', {
        clientOrderId: 'during-halt',
        symbol: 'ETHUSDT',
        side: 'buy',
        confidence: 0.9,
      });
      expect(refused.isError).toBe(true);
      expect(refused.data).toMatchObject({
        status: 'refused',
        reason: 'trading is halted by a breaker: only orders that cut exposure pass',
      });
    } finally {
      await request(app.server).post('/admin/breakers/portfolio/reset').set(admin).expect(200);
    }
  });

  it('answers bad arguments with a tool error that names the field', async () => {
    const bad = await seat.call('propose_order', {
      clientOrderId: 'x',
      symbol: 'DOGEUSDT',
      side: 'buy',
      confidence: 3,
    });
    expect(bad.isError).toBe(true);
    const text = bad.content[0]?.type === 'text' ? bad.content[0].text : '';
    expect(text).toMatch(/symbol/);
    expect(text).toMatch(/confidence/);
    expect(bad.structuredContent).toBeUndefined();
  });

  it('refuses a message type the role may not publish', async () => {
    const qwen = await SeatClient.connect(mcpUrl, SEAT_TOKENS.qwen);
    try {
      const refused = await qwen.answer<PublishData>('publish_signal', {
        symbol: 'BTCUSDT',
        side: 'buy',
        confidence: 0.9,
      });
      expect(refused.isError).toBe(true);
      expect(refused.data.status).toBe('refused');
      expect(refused.data.reason).toMatch(/risk-analyst role may not publish a signal/);
    } finally {
      await qwen.leave();
    }
  });

  it('reports a signal below every participation threshold', async () => {
    for (const agent of ['deepseek-v3', 'hummingbot-mm', 'qwen', 'fingpt', 'lag-llama'])
      await request(app.server)
        .post(`/set-participation-threshold/${agent}`)
        .set(admin)
        .send({ threshold: 1 })
        .expect(200);
    const below = await trader!.answer<PublishData>('publish_signal', {
      symbol: 'SOLUSDT',
      side: 'buy',
      confidence: 0.2,
    });
    expect(below.isError).toBe(true);
    expect(below.data.status).toBe('below_threshold');
    expect(below.data.delivered).toBe(0);
    expect(below.data.filtered).toBeGreaterThan(0);
    expect(below.data.reason).toMatch(/participation threshold/);
  });

  it('throttles a seat that floods, as the coordinator throttles any agent', async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await seat.answer<PublishData>('publish_thesis', {
            confidence: 0.5,
            horizon: '1h',
            text: `flood ${i}`,
          })
        ).data.status,
      );
    expect(statuses).toContain('throttled');
    const throttled = await seat.answer<PublishData>('publish_thesis', {
      confidence: 0.5,
      horizon: '1h',
      text: 'one more',
    });
    expect(throttled.isError).toBe(true);
    expect(throttled.data.reason).toMatch(/throttled by the coordinator/);
    const order = await propose({
      clientOrderId: 'while-throttled',
      symbol: 'ETHUSDT',
      side: 'buy',
      confidence: 0.9,
    });
    expect(order.data.status).toBe('throttled');
  });

  it('never lets a seat read another agent’s ledger or inbox, nor use its session', async () => {
    await expect(seat.read('cloudtrader://agents/qwen/ledger')).rejects.toThrow(
      /reads only its own ledger/,
    );
    await expect(seat.read('cloudtrader://agents/qwen/inbox')).rejects.toThrow(
      /reads only its own inbox/,
    );
    const hijack = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${SEAT_TOKENS.qwen}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'mcp-session-id': seat.transport.sessionId ?? '',
        'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'my_usage' },
      }),
    });
    expect(hijack.status).toBe(403);
  });

  it('refuses a missing or unknown token with 401, and a foreign Origin with 403', async () => {
    await expect(SeatClient.connect(mcpUrl, undefined)).rejects.toMatchObject({ code: 401 });
    await expect(SeatClient.connect(mcpUrl, 'not-a-seat-token-at-all')).rejects.toMatchObject({
      code: 401,
    });
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    };
    const unauthorized = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify(initialize),
    });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const foreign = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${SEAT_TOKENS[ME]}`,
        Origin: 'https://evil.example',
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify(initialize),
    });
    expect(foreign.status).toBe(403);
  });

  it('counts every call in mcp_requests_total by seat, tool and outcome', async () => {
    const metrics = (await request(app.server).get('/metrics').expect(200)).text;
    for (const series of [
      `mcp_requests_total{agent="${ME}",tool="propose_order",outcome="ok"}`,
      `mcp_requests_total{agent="freqtrade-hft",tool="propose_order",outcome="refused"}`,
      `mcp_requests_total{agent="${ME}",tool="propose_order",outcome="bad_arguments"}`,
      `mcp_requests_total{agent="${ME}",tool="publish_thesis",outcome="throttled"}`,
      `mcp_requests_total{agent="freqtrade-hft",tool="publish_signal",outcome="below_threshold"}`,
      `mcp_requests_total{agent="qwen",tool="publish_signal",outcome="refused"}`,
      `mcp_requests_total{agent="none",tool="none",outcome="unauthorized"}`,
    ])
      expect(metrics).toContain(series);
    expect(metrics).toMatch(new RegExp(`agent_activity_score\\{agent="${ME}"\\} [0-9.]+`));
  });

  it('gives the seat back to the stand-in when the session ends', async () => {
    await seat.leave();
    const agents = (await request(app.server).get('/agents').expect(200)).body as {
      agents: { agentId: string; state: string }[];
    };
    expect(agents.agents.find((a) => a.agentId === ME)?.state).toBe('running');
    seat = await SeatClient.connect(mcpUrl, SEAT_TOKENS[ME]);
  });
});
