import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AgentRuntime } from '../src/agents/agent-runtime.service.js';
import { FreqtradeConnector } from '../src/connectors/freqtrade/freqtrade-connector.service.js';
import { HummingbotConnector } from '../src/connectors/hummingbot/hummingbot.connector.js';
import { PortfolioService } from '../src/orchestration/portfolio.service.js';
import { MetricsRegistry } from '../src/platform/metrics-registry.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import {
  FreqtradeTestServer,
  type RecordedRequest,
  type TestTrade,
} from './support/freqtrade-test-server.js';
import { HummingbotInstance } from './support/hummingbot-instance.js';
import { Mosquitto, mosquittoAvailable } from './support/mosquitto.js';
import { pollUntil } from './support/poll.js';
import { temporaryDir, testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const FT = 'freqtrade-hft';
const HB = 'hummingbot-mm';
const INSTANCE = 'desk-mm-joint';
const USER = { username: 'cloud-trader', password: 'broker-pass-for-joint-run' };
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const WAIT_MS = 10_000;

const describeWithBroker = mosquittoAvailable() ? describe : describe.skip;

const cents = (usd: number): number => Math.round(usd * 100);
const round2 = (usd: number): number => Math.round(usd * 100) / 100;

function until<T>(check: () => T | undefined | false, what: string): Promise<T> {
  return pollUntil(
    () => Promise.resolve(check() || undefined),
    WAIT_MS,
    20,
    () => what,
  );
}

/** A book kept from what a bot itself reported: cash moved and base held, per symbol. */
class ReportedBook {
  cashUsd = 0;
  readonly held = new Map<string, number>();

  fill(symbol: string, side: 'buy' | 'sell', quantity: number, price: number, feeUsd: number) {
    const sign = side === 'buy' ? 1 : -1;
    this.cashUsd += -sign * quantity * price - feeUsd;
    this.held.set(symbol, (this.held.get(symbol) ?? 0) + sign * quantity);
  }

  /** Every filled order of a Freqtrade trade, at its price, with the trade's fee rate of its side. */
  trade(trade: TestTrade): void {
    const symbol = trade.pair.split(':')[0].replace('/', '');
    for (const order of trade.orders) {
      const side = order.ft_order_side === 'buy' ? 'buy' : 'sell';
      const rate = side === 'buy' ? trade.fee_open : trade.fee_close;
      this.fill(
        symbol,
        side,
        order.filled,
        order.safe_price,
        order.filled * order.safe_price * rate,
      );
    }
  }
}

/** A sub-ledger as the service shows it over HTTP: its cash and what it holds. */
interface ShownLedger {
  readonly cashUsd: number;
  readonly held: Map<string, number>;
}

/**
 * A paper run with both real bots at once: Freqtrade played by its protocol's test server, Hummingbot
 * by a client that speaks its MQTT bridge on a real Mosquitto. Their fills reconcile with their
 * sub-ledgers to the cent; a portfolio breaker stops both; an agent breaker stops only its own bot.
 */
describeWithBroker('Freqtrade and Hummingbot together in a paper run', () => {
  let broker: Mosquitto;
  let ft: FreqtradeTestServer;
  let bot: HummingbotInstance;
  let app: TestApp;

  beforeAll(async () => {
    broker = await Mosquitto.start(USER);
  });
  afterAll(() => broker?.stop());
  afterEach(async () => {
    await bot?.close();
    await app?.close();
    await ft?.close();
  });

  const startRun = async (
    overrides: Record<string, string> = {},
    prepare: (server: FreqtradeTestServer) => void = () => undefined,
  ) => {
    ft = await FreqtradeTestServer.start();
    prepare(ft);
    const secrets = temporaryDir('ct-joint-secret-');
    writeFileSync(join(secrets, 'password'), `${USER.password}\n`);
    app = await TestApp.start(
      testConfig({
        MCP_ENABLED: 'false',
        FREQTRADE_URL: ft.url,
        FREQTRADE_USERNAME: ft.username,
        FREQTRADE_PASSWORD: ft.password,
        FREQTRADE_PROBE_MS: '200',
        HUMMINGBOT_MQTT_URL: broker.url,
        HUMMINGBOT_INSTANCE_ID: INSTANCE,
        HUMMINGBOT_MQTT_USERNAME: USER.username,
        HUMMINGBOT_MQTT_PASSWORD_FILE: join(secrets, 'password'),
        HUMMINGBOT_COMMAND_TIMEOUT_MS: '1000',
        ...overrides,
      }),
    );
    await until(() => ft.subscribers === 1, 'Freqtrade subscribed on its websocket');
    await app.advance(1);
    bot = await HummingbotInstance.connect(broker.url, INSTANCE, USER);
    await bot.beat();
    await until(() => bot.limits.size === 3, 'Hummingbot holds its balance limits');
    await until(
      () => standIn(FT) === 'paused' && standIn(HB) === 'paused',
      'both stand-ins stepped aside',
    );
    await freqtrade().settled();
    await hummingbot().whenIdle();
  };

  const freqtrade = () => app.app.get(FreqtradeConnector);
  const hummingbot = () => app.app.get(HummingbotConnector);
  const portfolio = () => app.app.get(PortfolioService);
  const standIn = (agentId: string) =>
    app.app
      .get(AgentRuntime)
      .statuses()
      .find((a) => a.agentId === agentId)?.state;
  const price = (symbol: string) => app.app.get(MarketDataFeed).lastPrice(symbol) ?? NaN;
  const breaker = (id: string) =>
    portfolio()
      .breakers()
      .find((b) => b.id === id)?.state;
  const calls = (method: string, path: string): RecordedRequest[] =>
    ft.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);
  /** Sells the portfolio placed for an agent when a flatten breaker tripped. */
  const flattenOrders = (agentId: string) =>
    (
      app.app
        .get(SqliteConnection)
        .db.prepare(
          "SELECT COUNT(*) AS n FROM orders WHERE agent_id = ? AND signal_id LIKE 'flatten-%'",
        )
        .get(agentId) as { n: number }
    ).n;
  const hbBooked = () => hummingbot().counters.fills.get('booked') ?? 0;

  const shown = async (agentId: string): Promise<ShownLedger> => {
    const status = await request(app.server).get('/portfolio-status').set(admin).expect(200);
    const agents = (status.body as { agents: { agentId: string; cashUsd: number }[] }).agents;
    const positions = await request(app.server)
      .get(`/positions?agent=${agentId}`)
      .set(admin)
      .expect(200);
    const rows = (
      positions.body as {
        agents: { agentId: string; positions: { symbol: string; quantity: number }[] }[];
      }
    ).agents.find((a) => a.agentId === agentId)?.positions;
    return {
      cashUsd: agents.find((a) => a.agentId === agentId)?.cashUsd ?? NaN,
      held: new Map((rows ?? []).map((p) => [p.symbol, p.quantity])),
    };
  };

  /**
   * The sub-ledgers moved by exactly what their bots reported: cash to the cent at once (the status is
   * live), holdings exactly at the next mark (positions are valued at bar closes).
   */
  const expectReconciled = async (
    books: { agentId: string; before: ShownLedger; reported: ReportedBook }[],
  ) => {
    for (const { agentId, before, reported } of books)
      expect([agentId, cents((await shown(agentId)).cashUsd - before.cashUsd)]).toEqual([
        agentId,
        cents(reported.cashUsd),
      ]);
    await app.advance(1);
    for (const { agentId, before, reported } of books) {
      const after = await shown(agentId);
      const symbols = new Set([
        ...before.held.keys(),
        ...after.held.keys(),
        ...reported.held.keys(),
      ]);
      for (const symbol of symbols)
        expect((after.held.get(symbol) ?? 0) - (before.held.get(symbol) ?? 0)).toBeCloseTo(
          reported.held.get(symbol) ?? 0,
          9,
        );
    }
  };

  it('books fills from both bots at once: each sub-ledger reconciles with its bot to the cent', async () => {
    await startRun();
    const status = await request(app.server).get('/portfolio-status').set(admin).expect(200);
    expect((status.body as { mode: string }).mode).toBe('paper');
    const before = { ft: await shown(FT), hb: await shown(HB) };
    const ftBooked = freqtrade().view().fillsBooked;
    const btc = round2(price('BTCUSDT'));
    const eth = round2(price('ETHUSDT'));

    const btcTrade = ft.enter('BTC/USDT', 0.0137, btc, 0.001);
    await bot.filled({
      orderId: 'buy-BTC-USDT-1',
      tradingPair: 'BTC-USDT',
      side: 'BUY',
      price: btc - 3.17,
      amount: 0.021,
      fee: { percent: '0.001', percentToken: 'USDT' },
      exchangeTradeId: 'j-1',
    });
    const ethTrade = ft.enter('ETH/USDT', 0.419, eth, 0.00075);
    await bot.filled({
      orderId: 'buy-ETH-USDT-2',
      tradingPair: 'ETH-USDT',
      side: 'BUY',
      price: eth + 0.41,
      amount: 0.77,
      fee: { percent: '0.001', flat: [{ token: 'USDT', amount: '0.25' }] },
      exchangeTradeId: 'j-2',
    });
    ft.exit(btcTrade.trade_id, btc + 123.45);
    await bot.filled({
      orderId: 'sell-BTC-USDT-3',
      tradingPair: 'BTC-USDT',
      side: 'SELL',
      price: btc + 17.3,
      amount: 0.008,
      fee: { percent: '0.00075' },
      exchangeTradeId: 'j-3',
    });
    await until(
      () => freqtrade().view().fillsBooked === ftBooked + 3 && hbBooked() === 3,
      'three fills of each bot booked',
    );
    await freqtrade().settled();

    const ftReported = new ReportedBook();
    ftReported.trade(btcTrade);
    ftReported.trade(ethTrade);
    const hbReported = new ReportedBook();
    hbReported.fill('BTCUSDT', 'buy', 0.021, btc - 3.17, 0.001 * 0.021 * (btc - 3.17));
    hbReported.fill('ETHUSDT', 'buy', 0.77, eth + 0.41, 0.001 * 0.77 * (eth + 0.41) + 0.25);
    hbReported.fill('BTCUSDT', 'sell', 0.008, btc + 17.3, 0.00075 * 0.008 * (btc + 17.3));

    await expectReconciled([
      { agentId: FT, before: before.ft, reported: ftReported },
      { agentId: HB, before: before.hb, reported: hbReported },
    ]);
    // Freqtrade's own profit for the closed trade is what its round trip did to the cash.
    const roundTrip = new ReportedBook();
    roundTrip.trade(btcTrade);
    expect(cents(roundTrip.cashUsd)).toBe(cents(btcTrade.close_profit_abs ?? NaN));
    expect(cents(portfolio().reconcile().cashUsd)).toBe(0);
    expect(freqtrade().view()).toMatchObject({ fillsRefused: 0, reconciliation: [] });

    const scraped = await app.app.get(MetricsRegistry).scrape();
    expect(scraped).toContain('freqtrade_connected 1');
    expect(scraped).toContain('hummingbot_connected 1');
    expect(scraped).toContain('freqtrade_fills_total{outcome="booked"} 3');
    expect(scraped).toContain('hummingbot_fills_total{outcome="booked"} 3');
    expect(scraped).toContain('freqtrade_messages_total{type="entry_fill"} 2');
    expect(scraped).toContain('freqtrade_messages_total{type="exit_fill"} 1');
    expect(scraped).toContain('freqtrade_requests_total{route="/trade/{id}",outcome="ok"} 3');
    expect(scraped).toContain('freqtrade_requests_total{route="/token/login",outcome="ok"} 1');
  });

  it('a portfolio breaker stops both bots; its reset starts both again', async () => {
    await startRun();
    await request(app.server)
      .post('/admin/halt')
      .set(admin)
      .send({ reason: 'desk incident' })
      .expect(200);
    await app.advance(1);
    await until(
      () => ft.entriesStopped && bot.commandsOn('stop').length === 1,
      'stopentry and stop received',
    );
    expect(calls('POST', '/stopentry').map((r) => r.body)).toEqual([undefined]);
    expect(calls('POST', '/forceexit')).toEqual([]);
    expect(bot.commandsOn('stop').map((c) => c.body.data)).toEqual([
      { skip_order_cancellation: false, async_backend: false },
    ]);
    expect(bot.running).toBe(false);

    await request(app.server).post('/admin/breakers/portfolio/reset').set(admin).expect(200);
    await app.advance(1);
    await until(
      () => !ft.entriesStopped && bot.commandsOn('start').length === 1,
      'start received by both',
    );
    expect(calls('POST', '/start')).toHaveLength(1);
    expect(bot.commandsOn('start')[0]?.body.data).toEqual({ async_backend: false });
    expect(bot.running).toBe(true);
  });

  it("freqtrade-hft's own breaker stops Freqtrade only; Hummingbot trades on", async () => {
    await startRun({ AGENT_MAX_DRAWDOWN_PCT: '5' });
    const btc = price('BTCUSDT');
    const cash = portfolio().ledger(FT).cashUsd;
    // Bought at twice the market: marked at once at half its cost.
    ft.enter('BTC/USDT', (cash * 0.4) / (btc * 2), btc * 2, 0.001);
    await until(() => ft.entriesStopped, 'stopentry received');
    expect(breaker(FT)).toBe('halted');
    expect([breaker('portfolio'), breaker(HB)]).toEqual(['ok', 'ok']);
    await app.advance(1);
    await hummingbot().whenIdle();
    await freqtrade().settled();
    expect(calls('POST', '/forceexit')).toEqual([]);
    expect(bot.commandsOn('stop')).toEqual([]);
    expect(bot.running).toBe(true);
  });

  it("hummingbot-mm's own breaker stops Hummingbot only; Freqtrade trades on", async () => {
    await startRun({ AGENT_MAX_DRAWDOWN_PCT: '5' });
    const btc = price('BTCUSDT');
    const cash = portfolio().ledger(HB).cashUsd;
    await bot.overpaidBuy(btc, cash, 0.4, 'j-9');
    await until(() => bot.commandsOn('stop').length === 1, 'stop received');
    expect(breaker(HB)).toBe('halted');
    expect([breaker('portfolio'), breaker(FT)]).toEqual(['ok', 'ok']);
    await app.advance(1);
    await hummingbot().whenIdle();
    await freqtrade().settled();
    expect(calls('POST', '/stopentry')).toEqual([]);
    expect(calls('POST', '/forceexit')).toEqual([]);
    expect(ft.entriesStopped).toBe(false);
    expect(freqtrade().view().stance).toBe('trading');
  });

  it('BREAKER_MODE=flatten: a trip of freqtrade-hft closes the bot trades with forceexit all, and the ledger follows the bot', async () => {
    await startRun({ BREAKER_MODE: 'flatten', AGENT_MAX_DRAWDOWN_PCT: '5' });
    const before = await shown(FT);
    const btc = round2(price('BTCUSDT'));
    const eth = round2(price('ETHUSDT'));
    const cash = portfolio().ledger(FT).cashUsd;
    const held = ft.enter('ETH/USDT', 0.31, eth, 0.001);
    await until(() => portfolio().ledger(FT).quantity('ETHUSDT') > 0, 'the ETH entry booked');
    ft.exitRates.set('ETH/USDT', eth - 12.34);
    ft.exitRates.set('BTC/USDT', btc);
    const losing = ft.enter('BTC/USDT', (cash * 0.4) / (btc * 2), btc * 2, 0.001);
    await until(() => calls('POST', '/forceexit').length === 1, 'forceexit received');
    const commands = ft.requests
      .filter((r) => r.method === 'POST' && /\/(stopentry|forceexit|start)$/.test(r.path))
      .map((r) => [r.path, r.body]);
    expect(commands).toEqual([
      ['/api/v1/stopentry', undefined],
      ['/api/v1/forceexit', { tradeid: 'all' }],
    ]);
    await until(
      () =>
        portfolio().ledger(FT).quantity('ETHUSDT') === 0 &&
        portfolio().ledger(FT).quantity('BTCUSDT') === 0,
      'both exits booked',
    );
    await freqtrade().settled();
    expect(freqtrade().view()).toMatchObject({ stance: 'flat', fillsRefused: 0 });

    const reported = new ReportedBook();
    reported.trade(held);
    reported.trade(losing);
    await expectReconciled([{ agentId: FT, before, reported }]);
    expect(cents(reported.cashUsd)).toBe(
      cents((held.close_profit_abs ?? NaN) + (losing.close_profit_abs ?? NaN)),
    );
    // The bot closed its own trades: the portfolio sold nothing of freqtrade-hft's on our paper venue
    // (the reconciliation above advanced a bar, where a paper order would have filled).
    expect(flattenOrders(FT)).toBe(0);
    // Only its own breaker tripped: Hummingbot was not stopped.
    await hummingbot().whenIdle();
    expect(bot.commandsOn('stop')).toEqual([]);
  });

  it('BREAKER_MODE=flatten: a portfolio drawdown trip closes Freqtrade trades and stops Hummingbot', async () => {
    await startRun({ BREAKER_MODE: 'flatten', MAX_DRAWDOWN_PCT: '1' });
    const btc = price('BTCUSDT');
    const cash = portfolio().ledger(FT).cashUsd;
    await bot.filled({
      orderId: 'buy-BTC-USDT-5',
      tradingPair: 'BTC-USDT',
      side: 'BUY',
      price: round2(btc),
      amount: 0.01,
      fee: { percent: '0.001' },
      exchangeTradeId: 'j-5',
    });
    await until(() => hbBooked() === 1, 'the Hummingbot fill booked');
    ft.exitRates.set('BTC/USDT', btc);
    // Its own drawdown stays under its 30 % limit; the portfolio's passes 1 %.
    ft.enter('BTC/USDT', (cash * 0.4) / (btc * 2), btc * 2, 0.001);
    await until(() => calls('POST', '/forceexit').length === 1, 'forceexit received');
    await app.advance(1); // Hummingbot hears of other agents' trips at the next bar
    await until(() => bot.commandsOn('stop').length === 1, 'stop received');
    expect([breaker('portfolio'), breaker(FT), breaker(HB)]).toEqual(['halted', 'ok', 'ok']);
    expect(calls('POST', '/forceexit')[0]?.body).toEqual({ tradeid: 'all' });
    expect(calls('POST', '/stopentry')).toHaveLength(1);
    expect(bot.commandsOn('stop')[0]?.body.data).toEqual({
      skip_order_cancellation: false,
      async_backend: false,
    });
    await until(() => portfolio().ledger(FT).quantity('BTCUSDT') === 0, 'the exit booked');
    await freqtrade().settled();
    expect(freqtrade().view()).toMatchObject({ stance: 'flat', fillsRefused: 0 });
    // The portfolio's flatten sold none of the two bots' positions: Hummingbot, stopped with its orders
    // cancelled, keeps what it holds on its venue, and its sub-ledger says so.
    expect([flattenOrders(FT), flattenOrders(HB)]).toEqual([0, 0]);
    expect(portfolio().ledger(HB).quantity('BTCUSDT')).toBeCloseTo(0.01, 12);
  });

  it('a short Freqtrade trade is refused, counted and raised as a venue alert, never booked as a sell', async () => {
    // A futures bot may short: it is told so once, at its connection.
    await startRun({}, (server) => (server.tradingMode = 'futures'));
    const before = await shown(FT);
    const btc = round2(price('BTCUSDT'));
    const short = ft.enter('BTC/USDT:USDT', 0.01, btc, 0.001, true);
    await until(() => freqtrade().view().fillsRefused === 1, 'the short entry refused');
    ft.exit(short.trade_id, btc - 50);
    await until(() => freqtrade().view().fillsRefused === 2, 'the short exit refused');
    await freqtrade().settled();
    const after = await shown(FT);
    expect(cents(after.cashUsd)).toBe(cents(before.cashUsd));
    expect(after.held.get('BTCUSDT') ?? 0).toBeCloseTo(before.held.get('BTCUSDT') ?? 0, 12);
    const alerts = await request(app.server).get('/alerts').set(admin).expect(200);
    const venue = (alerts.body as { venue: { source: string; message: string }[] }).venue;
    // Newest first: the exit, the entry, then the notice given at the connection.
    expect(venue.filter((a) => a.source === 'freqtrade').map((a) => a.message)).toEqual([
      expect.stringContaining(`trade ${short.trade_id} BTC/USDT:USDT is short: `),
      expect.stringContaining(`trade ${short.trade_id} BTC/USDT:USDT is short: `),
      expect.stringContaining('freqtrade trades futures and may open shorts'),
    ]);
    const scraped = await app.app.get(MetricsRegistry).scrape();
    expect(scraped).toContain('freqtrade_fills_total{outcome="short"} 2');
    expect(scraped).not.toContain('freqtrade_fills_total{outcome="booked"}');
  });
});
