import { performance } from 'node:perf_hooks';
import { SystemWallClock } from '../src/platform/clock.js';
import { MarketTimeline } from '../src/platform/market-timeline.js';
import { ASTER_ENDPOINTS } from '../src/trading/aster/aster-endpoints.js';
import { AsterHttpClient } from '../src/trading/aster/aster-http.client.js';
import { AsterMarketRest } from '../src/trading/aster/aster-market.rest.js';
import { AsterAccount } from '../src/trading/aster/aster.account.js';
import { AsterBroker } from '../src/trading/aster/aster.broker.js';
import { AsterFeed } from '../src/trading/aster/aster.feed.js';
import type { Params } from '../src/trading/aster/aster.signer.js';
import { Eip712Signer } from '../src/trading/aster/eip712.signer.js';
import { HmacSigner } from '../src/trading/aster/hmac.signer.js';
import { DEFAULT_RECONNECT } from '../src/trading/aster/market-stream.js';
import { UserDataStream } from '../src/trading/aster/user-data.stream.js';
import {
  DOC_SECRET,
  TEST_API_KEY,
  TEST_CREDENTIALS,
  TEST_SIGNER_KEY,
  TEST_USER,
} from '../test/support/aster-fixtures.js';
import { AsterTestServer, barSeries } from '../test/support/aster-test-server.js';
import { median, print, round } from './bench-result.js';

const RUNS = 5;
const SIGNATURES = 2_000;
const ORDERS = 300;
const ORDER: Params = [
  ['symbol', 'BTCUSDT'],
  ['side', 'BUY'],
  ['type', 'MARKET'],
  ['quantity', '0.012'],
  ['newClientOrderId', 'bench-0001'],
  ['newOrderRespType', 'RESULT'],
];

function perCall(runs: number, calls: number, body: () => void): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) body();
    samples.push(((performance.now() - started) * 1000) / calls);
  }
  return median(samples);
}

/**
 * What signing and sending an order costs: an EIP-712 signature (V3) against an HMAC (V1) in the same
 * run, and a whole order through AsterBroker (filters, signing, HTTP, the fill from the user stream)
 * against a bare signed POST to the same local server.
 */
export async function runAsterBench(): Promise<void> {
  const clock = new SystemWallClock();
  const hmac = new HmacSigner(TEST_API_KEY, DOC_SECRET, clock);
  const eip712 = new Eip712Signer(
    { user: TEST_USER, signer: TEST_CREDENTIALS.signer, privateKey: TEST_SIGNER_KEY },
    clock,
  );
  const v1 = perCall(RUNS, SIGNATURES, () => hmac.sign(ORDER));
  const v3 = perCall(RUNS, SIGNATURES / 10, () => eip712.sign(ORDER));
  print({
    name: 'aster order signature, V3 EIP-712 (baseline: V1 HMAC-SHA256)',
    value: round(v3),
    unit: 'µs',
    baseline: round(v1),
    ratio: round(v3 / v1),
  });

  const server = await AsterTestServer.start({
    credentials: TEST_CREDENTIALS,
    symbols: ['BTCUSDT'],
  });
  try {
    server.setBars(
      'BTCUSDT',
      barSeries(10, Date.now() - 600_000, 60_000, () => 30_000),
    );
    const http = new AsterHttpClient(server.baseUrl, clock, { rateLimitBackoffMs: 1_000 }, hmac);
    const feed = new AsterFeed(
      ['BTCUSDT'],
      new AsterMarketRest(http),
      new MarketTimeline(0),
      clock,
      {
        wsUrl: server.wsUrl,
        interval: '1m',
        warmupBars: 5,
        reconnect: DEFAULT_RECONNECT,
      },
    );
    await feed.load();
    const endpoints = ASTER_ENDPOINTS.v1;
    const broker = new AsterBroker(
      http,
      endpoints,
      feed,
      new AsterAccount(http, endpoints),
      new UserDataStream(http, endpoints, {
        wsUrl: server.wsUrl,
        keepAliveMs: 3_600_000,
        reconnectDelayMs: 100,
      }),
      clock,
      { maxAttempts: 1, fillTimeoutMs: 5_000, takerFeeBps: 7.5, onAlert: () => undefined },
    );
    await broker.open();
    await broker.reconcile({ positions: [], openOrders: [] });
    let started = performance.now();
    for (let i = 0; i < ORDERS; i++) {
      await broker.submit({
        clientOrderId: `b-${i}`,
        symbol: 'BTCUSDT',
        side: 'buy',
        quantity: 0.01,
      });
    }
    const viaBroker = (performance.now() - started) / ORDERS;
    broker.close();
    started = performance.now();
    for (let i = 0; i < ORDERS; i++) {
      const signed = hmac.sign([...ORDER.slice(0, 4), ['newClientOrderId', `raw-${i}`]]);
      const response = await fetch(`${server.baseUrl}/fapi/v1/order`, {
        method: 'POST',
        headers: { ...signed.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: signed.query,
      });
      await response.text();
    }
    const bare = (performance.now() - started) / ORDERS;
    print({
      name: 'aster order round trip through AsterBroker, fill from the user stream (baseline: bare signed POST)',
      value: round(viaBroker),
      unit: 'ms',
      baseline: round(bare),
      ratio: round(viaBroker / bare),
      orders: ORDERS,
    });
  } finally {
    await server.close();
  }
}
