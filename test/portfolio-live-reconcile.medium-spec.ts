import request from 'supertest';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import { SYMBOLS } from '../src/config/roster.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { DOC_SECRET, TEST_API_KEY, TEST_CREDENTIALS } from './support/aster-fixtures.js';
import { AsterTestServer, barSeries } from './support/aster-test-server.js';
import { TEST_ADMIN_TOKEN, testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

/**
 * Live mode, against the Aster stand-in: at start the orchestrator hands the exchange what its ledgers
 * hold; while the exchange disagrees the broker sends nothing, and once they agree orders go out.
 */
describe('reconciliation with the exchange at start (live)', () => {
  let server: AsterTestServer;
  let app: TestApp | undefined;

  beforeEach(async () => {
    server = await AsterTestServer.start({ credentials: TEST_CREDENTIALS, symbols: [...SYMBOLS] });
    const now = Math.floor(Date.now() / 300_000) * 300_000;
    for (const s of SYMBOLS)
      server.setBars(
        s,
        barSeries(100, now - 300_000, 300_000, () => 100),
      );
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await server.close();
  });

  const start = async () => {
    app = await TestApp.start(
      testConfig({
        MARKET_DATA: 'aster',
        ASTER_BASE_URL: server.baseUrl,
        ASTER_WS_URL: server.wsUrl,
        PAPER_TRADING: 'false',
        LIVE_TRADING_CONFIRM: 'yes',
        ASTER_API_KEY: TEST_API_KEY,
        ASTER_SECRET_KEY: DOC_SECRET,
        MCP_ENABLED: 'false',
      }),
    );
    return app;
  };
  const reconciled = async () => {
    for (let i = 0; i < 200; i++) {
      const paths = server.requests.map((r) => r.path);
      if (
        paths.some((p) => p.endsWith('/positionRisk')) &&
        paths.some((p) => p.endsWith('/openOrders'))
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the orchestrator never asked the exchange for its positions and open orders');
  };
  const buy = async (live: TestApp) => {
    const message = testEnvelope(
      { type: 'signal', from: 'deepseek-v3', symbol: 'BTCUSDT', side: 'buy', confidence: 0.5 },
      Date.now(),
    );
    live.coordinator.bus.publish(message);
    await live.coordinator.bus.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    return live.app
      .get(SqliteConnection)
      .db.prepare('SELECT status FROM orders WHERE signal_id = ?')
      .get(message.id) as { status: string } | undefined;
  };

  it('sends nothing while the exchange holds a position the ledgers do not', async () => {
    server.positions = [{ symbol: 'BTCUSDT', positionAmt: '0.5', positionSide: 'BOTH' }];
    const live = await start();
    await reconciled();
    expect(await buy(live)).toEqual({ status: 'rejected' });
    expect(server.orderRequests()).toEqual([]);
  });

  it('an admin accepts the exchange after a mismatch, and orders go without a restart', async () => {
    server.positions = [{ symbol: 'BTCUSDT', positionAmt: '0.5', positionSide: 'BOTH' }];
    const live = await start();
    await reconciled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const accept = () => request(live.server).post('/admin/exchange/accept');
    expect((await accept()).status).toBe(401);

    const accepted = await accept().set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      status: 'ready',
      differences: ['BTCUSDT: ledgers hold 0, the exchange holds 0.5'],
    });
    const again = await accept().set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toMatch(/nothing to accept/);

    const audit = await request(live.server)
      .get('/audit')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
    const entries = (audit.body as { entries: Record<string, unknown>[] }).entries;
    expect(entries.map((e) => [e.route, e.status, e.before, e.after]).slice(0, 2)).toEqual([
      ['/admin/exchange/accept', 409, accepted.body, accepted.body],
      [
        '/admin/exchange/accept',
        200,
        { ...(accepted.body as object), status: 'refusing' },
        accepted.body,
      ],
    ]);
    expect(await buy(live)).not.toEqual({ status: 'rejected' });
    expect(server.orderRequests().length).toBeGreaterThan(0);
  });

  it('sends orders once the exchange agrees with the ledgers', async () => {
    const live = await start();
    await reconciled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await buy(live);
    expect(server.orderRequests().length).toBeGreaterThan(0);
  });
});

describe('POST /admin/exchange/accept in paper trading', () => {
  it('has no exchange account to accept: 409, and nothing changes', async () => {
    const paper = await TestApp.start(testConfig({ MCP_ENABLED: 'false' }));
    try {
      const response = await request(paper.server)
        .post('/admin/exchange/accept')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      expect(response.status).toBe(409);
      expect(JSON.stringify(response.body)).toMatch(/paper trading/);
    } finally {
      await paper.close();
    }
  });
});
