import request from 'supertest';
import { FreqtradeConnector } from '../src/connectors/freqtrade/freqtrade-connector.service.js';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import type { MessageEnvelope } from '../src/communication/message-envelope.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { OrchestratorService } from '../src/orchestration/orchestrator.service.js';
import { PortfolioService } from '../src/orchestration/portfolio.service.js';
import { FreqtradeTestServer, type RecordedRequest } from './support/freqtrade-test-server.js';
import { pollUntil } from './support/poll.js';
import { testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const AGENT = 'freqtrade-hft';
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

function until<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  return pollUntil(
    () => Promise.resolve(check() || undefined),
    timeoutMs,
    20,
    () => what,
  );
}

async function startApp(server: FreqtradeTestServer, extra: Record<string, string> = {}) {
  const app = await TestApp.start(
    testConfig({
      FREQTRADE_URL: server.url,
      FREQTRADE_USERNAME: server.username,
      FREQTRADE_PASSWORD: server.password,
      FREQTRADE_PROBE_MS: '200',
      PUBSUB_HEARTBEAT_TIMEOUT_MS: '1500',
      ...extra,
    }),
  );
  const published: MessageEnvelope[] = [];
  app.coordinator.bus.tap((message) => {
    if (message.from === AGENT) published.push(message);
  });
  return { app, published };
}

async function standInState(app: TestApp): Promise<string | undefined> {
  const res = await request(app.server).get('/agents').set(admin).expect(200);
  const agents = (res.body as { agents: { agentId: string; state: string }[] }).agents;
  return agents.find((a) => a.agentId === AGENT)?.state;
}

/** A buy signal from freqtrade-hft on the bus, a bar later: the order our broker made of it, if any. */
async function orderForSignal(app: TestApp): Promise<{ status: string } | undefined> {
  const message = testEnvelope(
    { type: 'signal', from: AGENT, symbol: 'BTCUSDT', side: 'buy', confidence: 1 },
    Date.now(),
  );
  app.coordinator.bus.publish(message);
  await app.coordinator.bus.whenIdle();
  await app.advance(1); // a paper market order fills at the next bar's open
  return app.app
    .get(SqliteConnection)
    .db.prepare('SELECT status FROM orders WHERE signal_id = ?')
    .get(message.id) as { status: string } | undefined;
}

function calls(server: FreqtradeTestServer, method: string, path: string): RecordedRequest[] {
  return server.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);
}

/** Cents, for comparing money the way an accountant does. */
const cents = (usd: number): number => Math.round(usd * 100);

/**
 * A real Freqtrade's protocol, played by a local server (test/support/freqtrade-test-server.ts), against
 * the whole application: login and refresh, the message websocket, fills booked to freqtrade-hft's
 * sub-ledger to the cent, the commands the orchestrator sends, reconnects and reconciliation, presence.
 */
describe('Freqtrade connector', () => {
  let server: FreqtradeTestServer;
  let app: TestApp;
  let published: MessageEnvelope[];
  let connector: FreqtradeConnector;
  let portfolio: PortfolioService;
  let preSeeded: { closedProfit: number; openAmount: number };

  beforeAll(async () => {
    server = await FreqtradeTestServer.start();
    // Trades the bot made before Cloud Trader connected: one closed, one still open.
    const closed = server.enter('BTC/USDT', 0.01, 90_000);
    server.exit(closed.trade_id, 91_000);
    const open = server.enter('BTC/USDT', 0.02, 92_000);
    preSeeded = { closedProfit: closed.close_profit_abs ?? NaN, openAmount: open.amount };
    ({ app, published } = await startApp(server));
    connector = app.app.get(FreqtradeConnector);
    portfolio = app.app.get(PortfolioService);
    await until(() => server.subscribers === 1, 'the websocket subscribed');
    await until(() => connector.view().fillsBooked === 3, 'the start-up reconciliation booked');
  });

  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('logs in with HTTP Basic, then subscribes on the message websocket with the access token', () => {
    const basic = `Basic ${Buffer.from('ct-bot:ct-bot-password').toString('base64')}`;
    expect(server.requests[0]).toEqual({
      method: 'POST',
      path: '/api/v1/token/login',
      authorization: basic,
      body: undefined,
    });
    expect(server.requests.filter((r) => r.method === 'WS')[0]?.path).toBe(
      '/api/v1/message/ws?token=jwt-1',
    );
    expect(server.subscriptions[0]).toEqual([
      'entry',
      'entry_fill',
      'entry_cancel',
      'exit',
      'exit_fill',
      'exit_cancel',
      'status',
      'warning',
      'startup',
    ]);
    for (const r of server.requests.filter((q) => q.method === 'GET'))
      expect(r.authorization).toMatch(/^Bearer jwt-\d+$/);
  });

  it('reconciles at start: the bot trades become its positions and fills, and agree', () => {
    expect(calls(server, 'GET', '/status').length).toBeGreaterThanOrEqual(1);
    expect(calls(server, 'GET', '/trades?limit=500&offset=0').length).toBeGreaterThanOrEqual(1);
    const ledger = portfolio.ledger(AGENT);
    expect(ledger.quantity('BTCUSDT')).toBeCloseTo(preSeeded.openAmount, 12);
    expect(connector.view().reconciliation).toEqual([]);
    expect(connector.view().connected).toBe(true);
  });

  it('steps the built-in stand-in aside while the bot is connected', async () => {
    expect(await standInState(app)).toBe('paused');
  });

  it('books each fill with the bot prices and fees: the sub-ledger reconciles to the cent', async () => {
    const before = portfolio.ledger(AGENT).snapshot();
    const trades = [
      server.enter('ETH/USDT', 0.5, 3_000, 0.001),
      server.enter('SOL/USDT:USDT', 12.5, 210.37, 0.0005),
    ];
    await until(() => portfolio.ledger(AGENT).quantity('SOLUSDT') > 0, 'entries booked');
    server.exit(trades[0].trade_id, 3_123.45);
    server.exit(trades[1].trade_id, 205.11);
    await until(
      () =>
        portfolio.ledger(AGENT).quantity('ETHUSDT') === 0 &&
        portfolio.ledger(AGENT).quantity('SOLUSDT') === 0,
      'exits booked',
    );
    await connector.settled();
    const after = portfolio.ledger(AGENT).snapshot();
    const botProfit = trades.reduce((sum, t) => sum + (t.close_profit_abs ?? NaN), 0);
    // Cash moved by exactly what the bot made, after its fees; realised PnL net of fees says the same.
    expect(cents(after.cashUsd - before.cashUsd)).toBe(cents(botProfit));
    expect(
      cents(after.realizedPnlUsd - before.realizedPnlUsd - (after.feesUsd - before.feesUsd)),
    ).toBe(cents(botProfit));
    // Each fill (entry_fill, exit_fill) was read from the trade the REST API reports.
    for (const t of trades) expect(calls(server, 'GET', `/trade/${t.trade_id}`).length).toBe(2);
    expect(cents(portfolio.reconcile().cashUsd)).toBe(0);
  });

  it('turns entries and exits into signals on the bus from freqtrade-hft', async () => {
    const count = published.length;
    const trade = server.enter('ETH/USDT', 0.1, 3_050);
    server.exit(trade.trade_id, 3_060);
    await until(() => published.length >= count + 2, 'signals published');
    const signals = published.slice(count).filter((m) => m.type === 'signal');
    expect(signals.map((m) => [m.symbol, m.side])).toEqual([
      ['ETHUSDT', 'buy'],
      ['ETHUSDT', 'sell'],
    ]);
    expect(signals[0].text).toContain(`trade ${trade.trade_id} ETH/USDT`);
    await until(() => portfolio.ledger(AGENT).quantity('ETHUSDT') === 0, 'round trip booked');
  });

  it('turns cancels and warnings into discussion, status and startup into heartbeats', async () => {
    const count = published.length;
    const base = {
      trade_id: 99,
      pair: 'BTC/USDT',
      direction: 'Long',
      open_rate: 1,
      amount: 1,
      stake_amount: 1,
    };
    server.send({ ...base, type: 'entry_cancel', reason: 'timeout' });
    server.send({ ...base, type: 'exit_cancel', reason: 'cancelled on exchange' });
    server.send({ type: 'warning', status: 'low balance' });
    server.send({ type: 'status', status: 'running' });
    server.send({ type: 'startup', status: 'Exchange: binance' });
    await until(() => published.length >= count + 5, 'five messages published');
    expect(published.slice(count).map((m) => [m.type, m.text])).toEqual([
      ['discussion', 'freqtrade entry_cancel trade 99 BTC/USDT: timeout'],
      ['discussion', 'freqtrade exit_cancel trade 99 BTC/USDT: cancelled on exchange'],
      ['discussion', 'freqtrade warning: low balance'],
      ['heartbeat', 'freqtrade status: running'],
      ['heartbeat', 'freqtrade startup: Exchange: binance'],
    ]);
  });

  it('refreshes an expired access token once with the refresh token, then retries', async () => {
    const logins = calls(server, 'POST', '/token/login').length;
    const from = server.requests.length;
    server.expireAccessTokens();
    const trade = server.enter('ETH/USDT', 0.2, 3_000);
    await until(() => portfolio.ledger(AGENT).quantity('ETHUSDT') > 0, 'booked after refresh');
    const sent = server.requests.slice(from).filter((r) => r.method !== 'WS');
    const refreshes = sent.filter((r) => r.path === '/api/v1/token/refresh');
    expect(refreshes).toEqual([
      {
        method: 'POST',
        path: '/api/v1/token/refresh',
        authorization: 'Bearer jwt-2',
        body: undefined,
      },
    ]);
    const refused = sent[sent.indexOf(refreshes[0]) - 1];
    const retried = sent.slice(sent.indexOf(refreshes[0]) + 1);
    expect(refused.authorization).toBe('Bearer jwt-1');
    expect(retried.length).toBeGreaterThan(0);
    const fresh = retried[0].authorization;
    expect(fresh).toMatch(/^Bearer jwt-\d+$/);
    expect(fresh).not.toBe('Bearer jwt-1');
    expect(retried.every((r) => r.authorization === fresh)).toBe(true);
    expect(calls(server, 'POST', '/token/login').length).toBe(logins);
    server.exit(trade.trade_id, 3_001);
    await until(() => portfolio.ledger(AGENT).quantity('ETHUSDT') === 0, 'exit booked');
  });

  it('keeps guidance addressed to the bot in its inbox and shows it', async () => {
    app.app.get(OrchestratorService).sendGuidance(AGENT);
    const shown = await pollUntil(
      async () => {
        const res = await request(app.server).get('/bots/freqtrade').set(admin).expect(200);
        const body = res.body as { inbox: { type: string; from: string; text?: string }[] };
        return body.inbox.some((m) => m.type === 'guidance') ? body : undefined;
      },
      5_000,
      20,
    );
    expect(shown).toMatchObject({ configured: true, connected: true, stance: 'trading' });
    const guidance = shown.inbox.filter((m) => m.type === 'guidance');
    expect(guidance.at(-1)).toMatchObject({ from: 'orchestrator' });
    expect(guidance.at(-1)?.text).toContain('role hft');
  });

  it('a portfolio halt sends stopentry, the reset sends start', async () => {
    await request(app.server)
      .post('/admin/halt')
      .set(admin)
      .send({ reason: 'exchange incident' })
      .expect(200);
    await app.advance(1);
    await until(() => server.entriesStopped, 'stopentry received');
    expect(calls(server, 'POST', '/stopentry').at(-1)?.body).toBeUndefined();
    await request(app.server).post('/admin/breakers/portfolio/reset').set(admin).expect(200);
    await app.advance(1);
    await until(() => !server.entriesStopped, 'start received');
    expect(calls(server, 'POST', '/start').length).toBe(1);
  });

  it('forceenter stakes no more than the free allocation of its sub-ledger', async () => {
    await connector.enter('BTCUSDT', 'long', 50);
    await connector.enter('BTCUSDT', 'long', 1e12);
    const entered = calls(server, 'POST', '/forceenter');
    const free = portfolio.ledger(AGENT).cashUsd;
    expect(entered.map((r) => r.body)).toEqual([
      { pair: 'BTC/USDT', side: 'long', stakeamount: 50 },
      { pair: 'BTC/USDT', side: 'long', stakeamount: Math.floor(free * 100) / 100 },
    ]);
  });

  it('reconnects after a drop, reconciles again and reports a mismatch instead of accepting it', async () => {
    const sockets = server.requests.filter((r) => r.method === 'WS').length;
    // A trade the ledger cannot hold (short) appears while the socket is down.
    server.trades.set(500, {
      trade_id: 500,
      pair: 'SOL/USDT:USDT',
      is_open: true,
      is_short: true,
      amount: 3,
      stake_amount: 600,
      open_rate: 200,
      close_rate: null,
      fee_open: 0.0005,
      fee_close: 0.0005,
      close_profit_abs: null,
      open_date: '2026-12-03T10:30:00+00:00',
      close_date: null,
      orders: [],
    });
    const booked = connector.view().fillsBooked;
    server.dropConnections();
    await until(
      () => server.subscribers === 1 && server.subscriptions.length === 2,
      'resubscribed',
    );
    expect(server.requests.filter((r) => r.method === 'WS').length).toBe(sockets + 1);
    await until(() => connector.view().reconciliation.length > 0, 'mismatch reported');
    expect(connector.view().reconciliation).toEqual([
      'SOLUSDT: the bot holds -3, the sub-ledger 0',
    ]);
    // Every trade was read again: nothing booked twice, no fill of a closed trade refused.
    expect(connector.view()).toMatchObject({ fillsBooked: booked, fillsRefused: 0 });
    server.trades.delete(500);
  });

  it('when the bot goes silent past the timeout the stand-in returns; when it is back it steps aside', async () => {
    server.silent = true;
    server.dropConnections();
    await until(() => !connector.view().connected, 'disconnected', 8_000);
    await pollUntil(
      async () => ((await standInState(app)) === 'running' ? true : undefined),
      5_000,
      50,
    );
    // While the bot is away a freqtrade-hft signal is the stand-in's, and ours to execute.
    expect(await orderForSignal(app)).toEqual({ status: 'filled' });
    server.silent = false;
    await until(() => connector.view().connected, 'reconnected', 15_000);
    expect(await standInState(app)).toBe('paused');
    // Back: its signals are news again, filled on its own venue.
    expect(await orderForSignal(app)).toBeUndefined();
  });
});

describe('Freqtrade connector, FREQTRADE_ON_SILENCE=halt', () => {
  let server: FreqtradeTestServer;
  let app: TestApp;

  beforeAll(async () => {
    server = await FreqtradeTestServer.start();
    ({ app } = await startApp(server, { FREQTRADE_ON_SILENCE: 'halt' }));
    await until(() => server.subscribers === 1, 'the websocket subscribed');
  });

  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('a silent bot halts the agent: the stand-in stays paused and the bot is told to stop entering', async () => {
    expect(await standInState(app)).toBe('paused');
    server.silent = true;
    server.dropConnections();
    const connector = app.app.get(FreqtradeConnector);
    await until(() => !connector.view().connected, 'disconnected', 8_000);
    await until(() => server.entriesStopped, 'stopentry sent');
    expect(connector.view().stance).toBe('no-entries');
    const breaker = app.app
      .get(PortfolioService)
      .breakers()
      .find((b) => b.id === AGENT);
    expect(breaker?.state).toBe('halted');
    expect(await standInState(app)).toBe('paused');
  });
});
