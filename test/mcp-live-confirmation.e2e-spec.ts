import request from 'supertest';
import { SYMBOLS } from '../src/config/roster.js';
import type { PendingOrder } from '../src/mcp/order-confirmations.js';
import { DOC_SECRET, TEST_API_KEY, TEST_CREDENTIALS } from './support/aster-fixtures.js';
import { AsterTestServer, barSeries } from './support/aster-test-server.js';
import { SeatClient, SEAT_TOKENS, seatTokensVariable } from './support/mcp-seat.js';
import { pollUntil } from './support/poll.js';
import { freePort } from './support/service-process.js';
import { testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/**
 * Live mode against the Aster stand-in: an order a seat proposes waits for an operator; the exchange
 * sees it only after the confirmation, and never after a decline.
 */
describe('MCP orders in live mode wait for an operator', () => {
  let server: AsterTestServer;
  let app: TestApp;
  let seat: SeatClient;

  beforeAll(async () => {
    server = await AsterTestServer.start({ credentials: TEST_CREDENTIALS, symbols: [...SYMBOLS] });
    const now = Math.floor(Date.now() / 300_000) * 300_000;
    for (const s of SYMBOLS)
      server.setBars(
        s,
        barSeries(100, now - 300_000, 300_000, () => 100),
      );
    const port = await freePort();
    app = await TestApp.start(
      testConfig({
        PORT: String(port),
        MCP_SEAT_TOKENS: seatTokensVariable(),
        MARKET_DATA: 'aster',
        ASTER_BASE_URL: server.baseUrl,
        ASTER_WS_URL: server.wsUrl,
        PAPER_TRADING: 'false',
        LIVE_TRADING_CONFIRM: 'yes',
        ASTER_API_KEY: TEST_API_KEY,
        ASTER_SECRET_KEY: DOC_SECRET,
      }),
    );
    await app.app.listen({ port, host: '127.0.0.1' });
    // Orders go out only once the exchange agrees with the ledgers.
    await pollUntil(
      () =>
        Promise.resolve(
          server.requests.some((r) => r.path.endsWith('/openOrders')) ? true : undefined,
        ),
      10_000,
      25,
    );
    seat = await SeatClient.connect(`http://127.0.0.1:${port}/mcp`, SEAT_TOKENS['deepseek-v3']);
  });

  afterAll(async () => {
    await seat.close();
    await app.close();
    await server.close();
  });

  const pending = () =>
    pollUntil(
      async () => {
        const list = (await request(app.server).get('/admin/mcp/confirmations').set(admin))
          .body as PendingOrder[];
        return list.length > 0 ? list : undefined;
      },
      5_000,
      25,
    );

  it('sends nothing until the operator confirms, then returns the orchestrator’s decision', async () => {
    const answer = seat.answer<{ status: string }>('propose_order', {
      clientOrderId: 'live-1',
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.9,
    });
    const [waiting] = await pending();
    expect(waiting).toMatchObject({ agentId: 'deepseek-v3', symbol: 'BTCUSDT', side: 'buy' });
    expect(server.orderRequests()).toEqual([]);
    await request(app.server)
      .post(`/admin/mcp/confirmations/${waiting.id}`)
      .set(admin)
      .send({ confirm: true })
      .expect(200);
    const decided = await answer;
    expect(decided.data.status).toBe('filled');
    expect(server.orderRequests().length).toBe(1);
  });

  it('never sends an order the operator declines', async () => {
    const answer = seat.answer<{ status: string; reason: string }>('propose_order', {
      clientOrderId: 'live-2',
      symbol: 'ETHUSDT',
      side: 'buy',
      confidence: 0.9,
    });
    const [waiting] = await pending();
    await request(app.server)
      .post(`/admin/mcp/confirmations/${waiting.id}`)
      .set(admin)
      .send({ confirm: false })
      .expect(200);
    const declined = await answer;
    expect(declined.isError).toBe(true);
    expect(declined.data).toMatchObject({
      status: 'declined',
      reason: "the operator's answer: declined",
    });
    expect(server.orderRequests().length).toBe(1);
    await request(app.server)
      .post('/admin/mcp/confirmations/nope')
      .set(admin)
      .send({ confirm: 'yes' })
      .expect(400);
  });
});
