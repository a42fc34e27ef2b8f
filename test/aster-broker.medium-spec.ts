import { createHmac } from 'node:crypto';
import { ManualClock } from '../src/platform/clock.js';
import { AsterBrokerErrorCode } from '../src/trading/aster/aster-broker.error.js';
import { ASTER_ENDPOINTS } from '../src/trading/aster/aster-endpoints.js';
import { AsterHttpClient } from '../src/trading/aster/aster-http.client.js';
import { AsterMarketRest } from '../src/trading/aster/aster-market.rest.js';
import { AsterAccount } from '../src/trading/aster/aster.account.js';
import { AsterBroker } from '../src/trading/aster/aster.broker.js';
import { AsterFeed } from '../src/trading/aster/aster.feed.js';
import type { AsterSigner } from '../src/trading/aster/aster.signer.js';
import { Eip712Signer } from '../src/trading/aster/eip712.signer.js';
import { HmacSigner } from '../src/trading/aster/hmac.signer.js';
import { DEFAULT_RECONNECT } from '../src/trading/aster/market-stream.js';
import { UserDataStream } from '../src/trading/aster/user-data.stream.js';
import type { OrderRequest } from '../src/trading/broker.js';
import {
  DOC_SECRET,
  eventually,
  TEST_API_KEY,
  TEST_CREDENTIALS,
  TEST_SIGNER_KEY,
  TEST_USER,
} from './support/aster-fixtures.js';
import { asterTypedDataHash, recoverSigner } from './support/aster-typed-data.js';
import { AsterTestServer, barSeries } from './support/aster-test-server.js';
import { MarketTimeline } from '../src/platform/market-timeline.js';
import { SystemTimers } from '../src/platform/timers.js';

const T0 = Date.UTC(2026, 10, 1, 12, 0);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const BUY_BTC: OrderRequest = {
  clientOrderId: 'freqtrade-hft-0001',
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity: 0.0123456,
};

interface Harness {
  readonly server: AsterTestServer;
  readonly broker: AsterBroker;
  readonly http: AsterHttpClient;
  readonly clock: ManualClock;
  readonly alerts: string[];
  readonly sleeps: number[];
}

async function harness(version: 'v1' | 'v3'): Promise<Harness> {
  const clock = new ManualClock(T0);
  const server = await AsterTestServer.start({
    credentials: TEST_CREDENTIALS,
    symbols: SYMBOLS,
    now: () => clock.now(),
  });
  server.setBars(
    'BTCUSDT',
    barSeries(10, T0, 300_000, () => 30_000),
  );
  server.setBars(
    'ETHUSDT',
    barSeries(10, T0, 300_000, () => 2_000),
  );
  const signer: AsterSigner =
    version === 'v1'
      ? new HmacSigner(TEST_API_KEY, DOC_SECRET, clock)
      : new Eip712Signer(
          { user: TEST_USER, signer: TEST_CREDENTIALS.signer, privateKey: TEST_SIGNER_KEY },
          clock,
        );
  const alerts: string[] = [];
  const sleeps: number[] = [];
  const http = new AsterHttpClient(
    server.baseUrl,
    clock,
    { rateLimitBackoffMs: 2_000, onBanned: (m) => alerts.push(m) },
    signer,
  );
  const feed = new AsterFeed(SYMBOLS, new AsterMarketRest(http), new MarketTimeline(0), clock, {
    wsUrl: server.wsUrl,
    interval: '5m',
    warmupBars: 5,
    reconnect: DEFAULT_RECONNECT,
  });
  await feed.load();
  const endpoints = ASTER_ENDPOINTS[version];
  const broker = new AsterBroker(
    http,
    endpoints,
    feed,
    new AsterAccount(http, endpoints),
    new UserDataStream(http, endpoints, {
      wsUrl: server.wsUrl,
      keepAliveMs: 3_600_000,
      reconnectDelayMs: 10,
    }),
    clock,
    {
      maxAttempts: 4,
      fillTimeoutMs: 5_000,
      takerFeeBps: 7.5,
      onAlert: (m) => alerts.push(m),
      // Waiting is moving the clock: no real time passes in these tests.
      timers: new (class extends SystemTimers {
        override sleep(ms: number): Promise<void> {
          sleeps.push(ms);
          clock.advance(ms);
          return Promise.resolve();
        }
      })(),
    },
  );
  await broker.open();
  server.requests.length = 0;
  return { server, broker, http, clock, alerts, sleeps };
}

const described = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('AsterBroker (V1, HMAC) against a local Aster server', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness('v1');
  });

  afterEach(async () => {
    h.broker.close();
    await h.server.close();
  });

  it('refuses to trade until positions and open orders are reconciled', async () => {
    await expect(h.broker.submit(BUY_BTC)).rejects.toMatchObject({
      code: AsterBrokerErrorCode.NotReconciled,
    });
    expect(h.server.orderRequests()).toHaveLength(0);
  });

  it('refuses on a reconciliation mismatch, raises an alert, and resumes only when an operator accepts', async () => {
    h.server.positions = [{ symbol: 'BTCUSDT', positionAmt: '0.500', positionSide: 'BOTH' }];
    h.server.openOrders = [{ symbol: 'ETHUSDT', clientOrderId: 'manual-1', orderId: 9 }];
    const result = await h.broker.reconcile({
      positions: [{ symbol: 'BTCUSDT', quantity: 0.25 }],
      openOrders: [],
    });
    expect(result.differences).toEqual([
      { kind: 'position', symbol: 'BTCUSDT', expected: 0.25, actual: 0.5 },
      { kind: 'unexpected-order', clientOrderId: 'manual-1', symbol: 'ETHUSDT' },
    ]);
    expect(h.broker.state).toBe('refusing');
    expect(h.alerts.join('\n')).toMatch(/BTCUSDT: ledgers hold 0.25, the exchange holds 0.5/);
    expect(h.server.requests.map(described)).toEqual([
      'GET /fapi/v2/positionRisk',
      'GET /fapi/v1/openOrders',
    ]);
    await expect(h.broker.submit(BUY_BTC)).rejects.toMatchObject({
      code: AsterBrokerErrorCode.NotReconciled,
    });
    expect(h.server.orderRequests()).toHaveLength(0);

    h.broker.acceptExchangeState('ops@desk');
    await h.broker.submit(BUY_BTC);
    expect(h.server.orderRequests()).toHaveLength(1);
  });

  describe('once reconciled', () => {
    beforeEach(async () => {
      await h.broker.reconcile({ positions: [], openOrders: [] });
      h.server.requests.length = 0;
    });

    it('sends a signed market order rounded to the step, with the client order id, and fills from the user stream', async () => {
      const before = h.http.weights;
      const fill = await h.broker.submit(BUY_BTC);
      const [request] = h.server.orderRequests();
      const unsigned =
        'symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.012&newClientOrderId=freqtrade-hft-0001' +
        `&newOrderRespType=RESULT&recvWindow=5000&timestamp=${T0}`;
      const signature = createHmac('sha256', DOC_SECRET).update(unsigned).digest('hex');
      expect(request.path).toBe('/fapi/v1/order');
      expect(request.query).toBe('');
      expect(request.body).toBe(`${unsigned}&signature=${signature}`);
      expect(request.headers['x-mbx-apikey']).toBe(TEST_API_KEY);
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      // The test server charges 5 bps in its ORDER_TRADE_UPDATE; a REST fallback would have used 7.5.
      expect(fill).toEqual({
        clientOrderId: 'freqtrade-hft-0001',
        symbol: 'BTCUSDT',
        side: 'buy',
        quantity: 0.012,
        price: 30_000,
        feeUsd: 0.012 * 30_000 * 0.0005,
        ts: T0,
      });
      // Request weights: one order weighs 1; before it, listen key 1, positionRisk 5, openOrders 40,
      // and the feed's REST loading. The exchange's own count comes back in a header.
      expect(h.http.weights.requests - before.requests).toBe(1);
      expect(h.http.weights.sentWeight - before.sentWeight).toBe(1);
      expect(before.sentWeight).toBe(1 + 2 * (1 + 1) + 1 + 5 + 40);
      expect(h.http.weights.usedWeight1m).toBe(h.server.requestCount);
    });

    it('rejects an order under MIN_NOTIONAL or under one step without sending it', async () => {
      await expect(h.broker.submit({ ...BUY_BTC, quantity: 0.0001 })).rejects.toMatchObject({
        code: AsterBrokerErrorCode.Rejected,
      });
      await expect(h.broker.submit({ ...BUY_BTC, quantity: 0.00015 })).rejects.toThrow(
        /under one step/,
      );
      await expect(
        h.broker.submit({ ...BUY_BTC, symbol: 'ETHUSDT', quantity: 0.002 }),
      ).rejects.toThrow(/notional 4.0000 of ETHUSDT is under the minimum 5/);
      expect(h.server.orderRequests()).toHaveLength(0);
    });

    it('backs off after a 429 and retries with the same client order id, so the order is placed once', async () => {
      h.server.script('POST', '/fapi/v1/order', {
        status: 429,
        body: { code: -1003, msg: 'Too many requests.' },
        headers: { 'Retry-After': '3' },
      });
      const fill = await h.broker.submit(BUY_BTC);
      expect(fill.quantity).toBe(0.012);
      expect(h.sleeps).toEqual([3_000]);
      const ids = h.server.orderRequests().map((r) => r.params.get('newClientOrderId'));
      expect(ids).toEqual(['freqtrade-hft-0001', 'freqtrade-hft-0001']);
      expect(h.server.executedOrders()).toHaveLength(1);
      expect(h.http.weights.rateLimited).toBe(1);
    });

    it('fails fast while backing off: nothing is sent before the pause is over', async () => {
      h.server.script('GET', '/fapi/v1/openOrders', {
        status: 429,
        body: { code: -1003, msg: 'slow down' },
      });
      await expect(h.broker.reconcile({ positions: [], openOrders: [] })).rejects.toThrow(
        /HTTP 429/,
      );
      expect(h.http.state).toBe('backing-off');
      const before = h.server.requests.length;
      await expect(h.broker.reconcile({ positions: [], openOrders: [] })).rejects.toThrow(
        /backing off/,
      );
      expect(h.server.requests.length).toBe(before);
      h.clock.advance(2_000);
      expect(h.http.state).toBe('ok');
    });

    it('holds requests until the next minute when the exchange reports the weight nearly used up', async () => {
      h.server.script('GET', '/fapi/v2/positionRisk', {
        status: 200,
        body: [],
        headers: { 'X-MBX-USED-WEIGHT-1M': '2290' },
      });
      await expect(h.broker.reconcile({ positions: [], openOrders: [] })).rejects.toThrow(
        /request weight near the limit/,
      );
      expect(h.http.weights.usedWeight1m).toBe(2290);
      expect(h.server.requests.map(described)).toEqual(['GET /fapi/v2/positionRisk']);
      h.clock.set(T0 + 60_000);
      await expect(h.broker.reconcile({ positions: [], openOrders: [] })).resolves.toMatchObject({
        matches: true,
      });
    });

    it('stops trading and raises an alert on a 418 ban; nothing more is sent', async () => {
      h.server.script('POST', '/fapi/v1/order', {
        status: 418,
        body: { code: -1003, msg: 'Way too many requests; IP banned until 1793535000000.' },
      });
      await expect(h.broker.submit(BUY_BTC)).rejects.toMatchObject({
        code: AsterBrokerErrorCode.Halted,
      });
      expect(h.broker.state).toBe('halted');
      expect(h.alerts).toEqual([
        expect.stringMatching(/IP banned by Aster \(HTTP 418\), trading stopped/),
      ]);
      await expect(h.broker.submit({ ...BUY_BTC, clientOrderId: 'next' })).rejects.toMatchObject({
        code: AsterBrokerErrorCode.Halted,
      });
      h.broker.acceptExchangeState('ops@desk');
      expect(h.broker.state).toBe('halted');
      expect(h.server.orderRequests()).toHaveLength(1);
    });

    it('after a 503 queries the order first: an order the exchange did take is not sent again', async () => {
      h.server.script('POST', '/fapi/v1/order', {
        status: 503,
        body: { code: -1000, msg: 'Unknown' },
        executes: true,
      });
      const fill = await h.broker.submit(BUY_BTC);
      expect(h.server.requests.map(described)).toEqual([
        'POST /fapi/v1/order',
        'GET /fapi/v1/order',
      ]);
      expect(h.server.requests[1].query).toMatch(
        /^symbol=BTCUSDT&origClientOrderId=freqtrade-hft-0001&recvWindow=5000&timestamp=\d+&signature=[0-9a-f]{64}$/,
      );
      expect(h.server.executedOrders()).toHaveLength(1);
      expect(fill.quantity).toBe(0.012);
    });

    it('after a 503 for an order the exchange does not hold, retries it once with the same id', async () => {
      h.server.script('POST', '/fapi/v1/order', {
        status: 503,
        body: { code: -1000, msg: 'Unknown' },
      });
      await h.broker.submit(BUY_BTC);
      expect(h.server.requests.map(described)).toEqual([
        'POST /fapi/v1/order',
        'GET /fapi/v1/order',
        'POST /fapi/v1/order',
      ]);
      expect(h.server.executedOrders().map((o) => o.clientOrderId)).toEqual(['freqtrade-hft-0001']);
    });

    it('treats a connection cut mid-order like a 503: queries, and does not send it again', async () => {
      h.server.script('POST', '/fapi/v1/order', { status: 0, hangUp: true, executes: true });
      const fill = await h.broker.submit(BUY_BTC);
      expect(h.server.requests.map(described)).toEqual([
        'POST /fapi/v1/order',
        'GET /fapi/v1/order',
      ]);
      expect(h.server.executedOrders()).toHaveLength(1);
      expect(fill.quantity).toBe(0.012);
    });

    it('stops trading after a liquidation on the exchange until reconciled again', async () => {
      h.server.pushOrderUpdate({
        s: 'BTCUSDT',
        c: 'autoclose-1793534400000',
        S: 'SELL',
        q: '0.500',
        x: 'TRADE',
        X: 'FILLED',
        l: '0.500',
        z: '0.500',
        L: '25000',
        t: 99,
        T: T0,
      });
      await eventually(() => h.broker.state === 'refusing', 'refusing after the liquidation');
      expect(h.alerts).toEqual([expect.stringMatching(/liquidated BTCUSDT \(SELL 0.500\)/)]);
      await expect(h.broker.submit(BUY_BTC)).rejects.toMatchObject({
        code: AsterBrokerErrorCode.NotReconciled,
      });
      await h.broker.reconcile({ positions: [], openOrders: [] });
      expect(h.broker.state).toBe('ready');
    });

    it('does not retry when a 503 leaves the order state unknowable', async () => {
      h.server.script('POST', '/fapi/v1/order', {
        status: 503,
        body: { code: -1000, msg: 'Unknown' },
      });
      h.server.script('GET', '/fapi/v1/order', {
        status: 503,
        body: { code: -1000, msg: 'Unknown' },
      });
      await expect(h.broker.submit(BUY_BTC)).rejects.toMatchObject({
        code: AsterBrokerErrorCode.StateUnknown,
      });
      expect(h.server.orderRequests()).toHaveLength(1);
    });
  });
});

describe('AsterBroker (V3, EIP-712 API wallet) against a local Aster server', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness('v3');
  });

  afterEach(async () => {
    h.broker.close();
    await h.server.close();
  });

  it('signs every request so the API wallet address is recovered, on the V3 paths', async () => {
    await h.broker.reconcile({ positions: [], openOrders: [] });
    const fill = await h.broker.submit(BUY_BTC);
    expect(fill.price).toBe(30_000);
    expect(h.server.requests.map(described)).toEqual([
      'GET /fapi/v3/positionRisk',
      'GET /fapi/v3/openOrders',
      'POST /fapi/v3/order',
    ]);
    const [order] = h.server.orderRequests();
    expect(order.headers['x-mbx-apikey']).toBeUndefined();
    // Nonces 0–2 went to the listen key and the two reconciliation queries in the same millisecond.
    const [msg, signature] = order.body.split('&signature=');
    expect(msg).toBe(
      'symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.012&newClientOrderId=freqtrade-hft-0001' +
        `&newOrderRespType=RESULT&nonce=${T0 * 1000 + 3}&user=${TEST_USER}&signer=${TEST_CREDENTIALS.signer}`,
    );
    expect(recoverSigner(asterTypedDataHash(msg, 1666), signature)).toBe(
      TEST_CREDENTIALS.signer.toLowerCase(),
    );
    // Another chain id (the testnet's) would not verify: the domain is part of what is signed.
    expect(recoverSigner(asterTypedDataHash(msg, 714), signature)).not.toBe(
      TEST_CREDENTIALS.signer.toLowerCase(),
    );
  });
});
