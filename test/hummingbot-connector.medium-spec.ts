import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentRuntime } from '../src/agents/agent-runtime.service.js';
import { HummingbotConnector } from '../src/connectors/hummingbot/hummingbot.connector.js';
import { PortfolioService } from '../src/orchestration/portfolio.service.js';
import { MetricsRegistry } from '../src/platform/metrics-registry.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import { HummingbotInstance } from './support/hummingbot-instance.js';
import { Mosquitto, mosquittoAvailable } from './support/mosquitto.js';
import { pollUntil } from './support/poll.js';
import { temporaryDir, testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const INSTANCE = 'desk-mm-1';
const USER = { username: 'cloud-trader', password: 'broker-pass-for-tests' };
const AGENT = 'hummingbot-mm';
const WAIT_MS = 10_000;

const describeWithBroker = mosquittoAvailable() ? describe : describe.skip;

/**
 * The whole service on real SQLite with the connector on a real Mosquitto, and a client that plays a
 * Hummingbot instance's MQTT bridge byte for byte.
 */
describeWithBroker('Hummingbot over its MQTT bridge, on a real broker', () => {
  let broker: Mosquitto;
  let app: TestApp;
  let bot: HummingbotInstance;

  beforeAll(async () => {
    broker = await Mosquitto.start(USER);
  });
  afterAll(() => broker?.stop());

  const startApp = async (overrides: Record<string, string> = {}) => {
    const secrets = temporaryDir('ct-hbot-secret-');
    writeFileSync(join(secrets, 'password'), `${USER.password}\n`);
    app = await TestApp.start(
      testConfig({
        MCP_ENABLED: 'false',
        HUMMINGBOT_MQTT_URL: broker.url,
        HUMMINGBOT_INSTANCE_ID: INSTANCE,
        HUMMINGBOT_MQTT_USERNAME: USER.username,
        HUMMINGBOT_MQTT_PASSWORD_FILE: join(secrets, 'password'),
        HUMMINGBOT_COMMAND_TIMEOUT_MS: '1000',
        ...overrides,
      }),
    );
    await app.advance(1);
    bot = await HummingbotInstance.connect(broker.url, INSTANCE, USER);
    await bot.beat();
  };
  afterEach(async () => {
    await bot?.close();
    await app?.close();
  });

  const portfolio = () => app.app.get(PortfolioService);
  const connector = () => app.app.get(HummingbotConnector);
  const standIn = () =>
    app.app
      .get(AgentRuntime)
      .statuses()
      .find((a) => a.agentId === AGENT)?.state;
  const price = (symbol: string) => app.app.get(MarketDataFeed).lastPrice(symbol) ?? NaN;
  const fillRows = () =>
    app.app
      .get(SqliteConnection)
      .db.prepare(
        "SELECT * FROM fills WHERE agent_id = ? AND client_order_id LIKE 'hbot:%' ORDER BY id",
      )
      .all(AGENT) as {
      client_order_id: string;
      quantity: number;
      price: number;
      fee_usd: number;
    }[];
  const until = <T>(check: () => T | undefined) =>
    pollUntil(() => Promise.resolve(check()), WAIT_MS, 20);
  const metrics = () => app.app.get(MetricsRegistry).scrape();
  /** Limits sent on connect are settled: the bot holds one per asset. */
  const limitsSettled = () => until(() => (bot.limits.size === 3 ? true : undefined));

  it('heartbeats make the bot present: the built-in market maker steps aside', async () => {
    await startApp();
    await until(() => (standIn() === 'paused' ? true : undefined));
  });

  it('sends its allocation as balance limits in the RPC envelope hummingbot-api uses', async () => {
    await startApp();
    await limitsSettled();
    const cash = portfolio().ledger(AGENT).cashUsd;
    expect(bot.limits.get('USDT')).toBe(Math.floor(cash * 100) / 100);
    // What the built-in stand-in bought on the first bar is the bot's to sell.
    const held = (symbol: string) =>
      Math.floor(portfolio().ledger(AGENT).quantity(symbol) * 1e8) / 1e8;
    expect(bot.limits.get('BTC')).toBe(held('BTCUSDT'));
    expect(bot.limits.get('ETH')).toBe(held('ETHUSDT'));
    const [first] = bot.commandsOn('balance/limit');
    expect(first?.qos).toBe(1);
    expect(first?.body.data).toEqual({
      exchange: 'binance_paper_trade',
      asset: 'USDT',
      amount: Math.floor(cash * 100) / 100,
    });
    const header = first?.body.header ?? {};
    expect(Object.keys(header)).toEqual([
      'timestamp',
      'reply_to',
      'msg_id',
      'node_id',
      'agent',
      'properties',
    ]);
    expect(header.reply_to).toMatch(new RegExp(`^cloud-trader/response/${INSTANCE}/\\d+/\\d+$`));
    expect(header).toMatchObject({
      node_id: 'cloud-trader',
      agent: 'cloud-trader',
      properties: {},
    });
    expect(Number.isInteger(header.msg_id) && Number.isInteger(header.timestamp)).toBe(true);
    // Nothing changed, nothing is sent again.
    await app.advance(2);
    await connector().whenIdle();
    expect(bot.commandsOn('balance/limit')).toHaveLength(3);
  });

  it('books fills to the sub-ledger with their real prices and fees, to the cent, once each', async () => {
    await startApp();
    await limitsSettled();
    const before = portfolio().ledger(AGENT).snapshot();
    const heldBefore = (symbol: string) => portfolio().ledger(AGENT).quantity(symbol);
    const btcBefore = heldBefore('BTCUSDT');
    const ethBefore = heldBefore('ETHUSDT');
    const btc = Math.round(price('BTCUSDT') * 100) / 100;
    const eth = Math.round(price('ETHUSDT') * 100) / 100;
    await bot.filled({
      orderId: 'buy-BTC-USDT-1',
      tradingPair: 'BTC-USDT',
      side: 'BUY',
      price: btc,
      amount: 0.05,
      fee: { percent: '0.001', percentToken: 'USDT' },
      exchangeTradeId: 't-1',
    });
    await bot.filled({
      orderId: 'buy-ETH-USDT-2',
      tradingPair: 'ETH-USDT',
      side: 'BUY',
      price: eth,
      amount: 1.5,
      fee: { percent: '0', flat: [{ token: 'ETH', amount: '0.0015' }] },
      exchangeTradeId: 't-2',
    });
    const btcSell = {
      orderId: 'sell-BTC-USDT-3',
      tradingPair: 'BTC-USDT',
      side: 'SELL' as const,
      price: btc + 25,
      amount: 0.02,
      fee: { percent: '0.00075', flat: [{ token: 'USDT', amount: '0.5' }] },
      exchangeTradeId: 't-3',
    };
    await bot.filled(btcSell);
    // A re-delivery of the same fill is booked once; a sell beyond what it holds is refused.
    await bot.filled(btcSell);
    await bot.filled({
      orderId: 'sell-ETH-USDT-4',
      tradingPair: 'ETH-USDT',
      side: 'SELL',
      price: eth,
      amount: 999,
      fee: { percent: '0.001' },
      exchangeTradeId: 't-4',
    });
    await until(() => (fillRows().length >= 3 ? true : undefined));
    await bot.notify('round trip done'); // one more message through the broker, so the refusals are in
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = fillRows();
    expect(rows.map((r) => r.client_order_id)).toEqual([
      `hbot:${INSTANCE}:buy-BTC-USDT-1:t-1`,
      `hbot:${INSTANCE}:buy-ETH-USDT-2:t-2`,
      `hbot:${INSTANCE}:sell-BTC-USDT-3:t-3`,
    ]);
    const fees = [0.001 * btc * 0.05, 0.0015 * eth, 0.00075 * (btc + 25) * 0.02 + 0.5];
    rows.forEach((row, i) => expect(row.fee_usd).toBeCloseTo(fees[i] ?? NaN, 6));
    expect(rows.map((r) => r.price)).toEqual([btc, eth, btc + 25]);
    const cashMoved = -btc * 0.05 - eth * 1.5 + (btc + 25) * 0.02 - fees.reduce((a, b) => a + b);
    const after = portfolio().ledger(AGENT).snapshot();
    expect(Math.round((after.cashUsd - before.cashUsd) * 100)).toBe(Math.round(cashMoved * 100));
    expect(after.feesUsd - before.feesUsd).toBeCloseTo(
      fees.reduce((a, b) => a + b),
      6,
    );
    const ledger = portfolio().ledger(AGENT);
    expect(ledger.quantity('BTCUSDT') - btcBefore).toBeCloseTo(0.03, 12);
    expect(ledger.quantity('ETHUSDT') - ethBefore).toBeCloseTo(1.5, 12);
    expect(portfolio().reconcile().cashUsd).toBeCloseTo(0, 6);
    const scraped = await metrics();
    expect(scraped).toContain('hummingbot_connected 1');
    expect(scraped).toContain('hummingbot_fills_total{outcome="booked"} 3');
    expect(scraped).toContain('hummingbot_fills_total{outcome="duplicate"} 1');
    expect(scraped).toContain('hummingbot_fills_total{outcome="refused"} 1');
    // Fills alone do not move the limits: Hummingbot counts its own fills against them.
    expect(bot.commandsOn('balance/limit')).toHaveLength(3);
  });

  it('a rebalance that moves capital into its sub-ledger sends the new USDT limit', async () => {
    await startApp();
    await limitsSettled();
    const btc = Math.round(price('BTCUSDT') * 100) / 100;
    const bought = 0.05;
    // Bought dear: its equity falls below its target, so a rebalance tops the sub-ledger up.
    await bot.filled({
      orderId: 'buy-BTC-USDT-7',
      tradingPair: 'BTC-USDT',
      side: 'BUY',
      price: btc * 1.5,
      amount: bought,
      fee: { percent: '0.001' },
      exchangeTradeId: 't-7',
    });
    await until(() => (fillRows().length === 1 ? true : undefined));
    const cashBefore = portfolio().ledger(AGENT).cashUsd;
    expect(portfolio().rebalance('test: top up')).not.toBeNull();
    const cashAfter = portfolio().ledger(AGENT).cashUsd;
    expect(cashAfter).toBeGreaterThan(cashBefore);
    await app.advance(1);
    await connector().whenIdle();
    const usdt = bot.commandsOn('balance/limit').filter((c) => c.body.data.asset === 'USDT');
    expect(usdt).toHaveLength(2);
    // Hummingbot adds back what its own fills spent, so the limit leaves that out.
    const spentByFill = btc * 1.5 * bought * 1.001;
    expect(usdt[1]?.body.data.amount).toBeCloseTo(
      Math.floor((cashAfter + spentByFill) * 100) / 100,
      2,
    );
    expect(bot.limits.get('USDT')).toBe(usdt[1]?.body.data.amount);
  });

  it('a portfolio breaker stops the bot cancelling its orders; clearing it starts the bot again', async () => {
    await startApp();
    await limitsSettled();
    portfolio().halt('test: stop everything');
    await app.advance(1);
    await until(() => (bot.commandsOn('stop').length === 1 ? true : undefined));
    expect(bot.commandsOn('stop')[0]?.body.data).toEqual({
      skip_order_cancellation: false,
      async_backend: false,
    });
    expect(bot.running).toBe(false);
    // Another agent's breaker is not this bot's business.
    portfolio().resetBreaker('portfolio');
    portfolio().haltAgent('freqtrade-hft', 'test: only that one');
    await app.advance(1);
    await until(() => (bot.commandsOn('start').length === 1 ? true : undefined));
    expect(bot.commandsOn('start')[0]?.body.data).toEqual({ async_backend: false });
    expect(bot.commandsOn('stop')).toHaveLength(1);
    expect(bot.running).toBe(true);
  });

  it('a fill that trips its own reduce-only breaker stops it keeping its resting orders', async () => {
    await startApp({ BREAKER_MODE: 'reduce-only', AGENT_MAX_DRAWDOWN_PCT: '5' });
    await limitsSettled();
    const btc = price('BTCUSDT');
    const cash = portfolio().ledger(AGENT).cashUsd;
    // Bought at twice the market: marked at once at half its cost.
    await bot.overpaidBuy(btc, cash, 0.4, 't-9');
    await until(() => (bot.commandsOn('stop').length === 1 ? true : undefined));
    expect(bot.commandsOn('stop')[0]?.body.data).toEqual({
      skip_order_cancellation: true,
      async_backend: true,
    });
    expect(
      portfolio()
        .breakers()
        .find((b) => b.id === AGENT)?.state,
    ).toBe('reduce-only');
    expect(
      portfolio()
        .breakers()
        .find((b) => b.id === 'portfolio')?.state,
    ).toBe('ok');
  });

  it('waits for replies: a 400 and a silent bot reject, a 200 answers', async () => {
    await startApp();
    await limitsSettled();
    await expect(connector().status()).resolves.toBe('Strategy: pure_market_making, running');
    expect(bot.commandsOn('status')[0]?.body.data).toEqual({ async_backend: false });
    await expect(connector().configure([['kill_switch_mode', 'off']])).resolves.toMatchObject({
      status: 200,
    });
    expect(bot.commandsOn('config')[0]?.body.data).toEqual({
      params: [['kill_switch_mode', 'off']],
    });
    bot.running = false;
    await expect(connector().status()).rejects.toThrow('No strategy is currently running!');
    bot.answers.set('status', () => null);
    await expect(connector().status()).rejects.toThrow('no reply within 1000 ms');
    const scraped = await metrics();
    expect(scraped).toContain('hummingbot_commands_total{command="status",outcome="ok"} 1');
    expect(scraped).toContain('hummingbot_commands_total{command="status",outcome="refused"} 1');
    expect(scraped).toContain('hummingbot_commands_total{command="status",outcome="timeout"} 1');
  });

  it('silent past the timeout: the stand-in returns', async () => {
    await startApp({ HUMMINGBOT_HEARTBEAT_TIMEOUT_MS: '1500' });
    await until(() => (standIn() === 'paused' ? true : undefined));
    await until(() => (standIn() === 'running' ? true : undefined));
    expect(
      portfolio()
        .breakers()
        .find((b) => b.id === AGENT)?.state,
    ).toBe('ok');
  });

  it('silent past the timeout with HUMMINGBOT_ON_SILENCE=halt: the agent is halted', async () => {
    await startApp({ HUMMINGBOT_HEARTBEAT_TIMEOUT_MS: '1500', HUMMINGBOT_ON_SILENCE: 'halt' });
    await until(() => (standIn() === 'paused' ? true : undefined));
    await until(() =>
      portfolio()
        .breakers()
        .find((b) => b.id === AGENT)?.state === 'halted'
        ? true
        : undefined,
    );
    expect(
      portfolio()
        .breakers()
        .find((b) => b.id === 'portfolio')?.state,
    ).toBe('ok');
  });

  it('an orderly offline hands the seat back at once', async () => {
    await startApp();
    await until(() => (standIn() === 'paused' ? true : undefined));
    await bot.offline();
    await until(() => (standIn() === 'running' ? true : undefined));
  });
});
