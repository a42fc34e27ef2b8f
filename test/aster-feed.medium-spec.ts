import { ManualClock } from '../src/platform/clock.js';
import type { MarketTick } from '../src/trading/candle.js';
import { AsterHttpClient } from '../src/trading/aster/aster-http.client.js';
import { AsterMarketRest } from '../src/trading/aster/aster-market.rest.js';
import { AsterFeed } from '../src/trading/aster/aster.feed.js';
import { eventually, TEST_CREDENTIALS } from './support/aster-fixtures.js';
import { AsterTestServer, barSeries, type Bar } from './support/aster-test-server.js';
import { MarketTimeline } from '../src/platform/market-timeline.js';

const MINUTE = 60_000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const T0 = Date.UTC(2026, 10, 1, 12, 0);
const START_PRICE: Record<string, number> = { BTCUSDT: 60_000, ETHUSDT: 3_000 };

function bar(openTime: number, close: number): Bar {
  return { openTime, open: close, high: close, low: close, close, volume: 1 };
}

describe('AsterFeed against a local Aster server', () => {
  let server: AsterTestServer;
  let clock: ManualClock;
  let feed: AsterFeed;
  let ticks: MarketTick[];

  beforeEach(async () => {
    clock = new ManualClock(T0 + 1);
    server = await AsterTestServer.start({
      credentials: TEST_CREDENTIALS,
      symbols: SYMBOLS,
      intervalMs: MINUTE,
      now: () => clock.now(),
    });
    for (const s of SYMBOLS)
      server.setBars(
        s,
        barSeries(120, T0, MINUTE, (i) => START_PRICE[s] + i),
      );
    feed = newFeed(1e9);
    ticks = [];
    feed.onTick((tick) => ticks.push(tick));
  });

  afterEach(async () => {
    feed.stop();
    await server.close();
  });

  function newFeed(connectionLifetimeMs: number): AsterFeed {
    const http = new AsterHttpClient(server.baseUrl, clock, { rateLimitBackoffMs: 10 });
    return new AsterFeed(SYMBOLS, new AsterMarketRest(http), new MarketTimeline(0), clock, {
      wsUrl: server.wsUrl,
      interval: '1m',
      warmupBars: 50,
      reconnect: { minDelayMs: 5, maxDelayMs: 20, connectionLifetimeMs },
    });
  }

  it('loads rules, warm-up bars and opening prices over REST with the documented requests', async () => {
    await feed.load();
    expect(server.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /fapi/v1/exchangeInfo?',
      'GET /fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=51',
      'GET /fapi/v1/ticker/bookTicker?symbol=BTCUSDT',
      'GET /fapi/v1/klines?symbol=ETHUSDT&interval=1m&limit=51',
      'GET /fapi/v1/ticker/bookTicker?symbol=ETHUSDT',
    ]);
    expect(feed.recent('BTCUSDT', 100)).toHaveLength(50);
    expect(feed.recent('BTCUSDT', 1)[0]).toMatchObject({ openTime: T0 - MINUTE, close: 60_119 });
    expect(feed.lastPrice('BTCUSDT')).toBe(60_119);
    expect(feed.rules('ETHUSDT')?.marketLot.stepSize).toBe('0.001');
  });

  it('subscribes to book ticker, mark price and kline streams and turns closed klines into ticks', async () => {
    await feed.load();
    feed.start();
    await feed.whenSubscribed();
    expect(server.subscriptions).toEqual([
      [
        'btcusdt@bookTicker',
        'btcusdt@markPrice@1s',
        'btcusdt@kline_1m',
        'ethusdt@bookTicker',
        'ethusdt@markPrice@1s',
        'ethusdt@kline_1m',
      ],
    ]);
    server.pushBookTicker('BTCUSDT', 61_000, 61_002);
    server.pushMarkPrice('BTCUSDT', 61_005);
    await eventually(() => feed.lastPrice('BTCUSDT') === 61_001, 'book ticker price');
    await eventually(() => feed.markPrice('BTCUSDT') === 61_005, 'mark price');
    server.closeBar('BTCUSDT', bar(T0, 61_010));
    server.closeBar('ETHUSDT', bar(T0, 3_010));
    await eventually(() => ticks.length === 1, 'one tick');
    expect(ticks[0].map((c) => [c.symbol, c.openTime, c.close])).toEqual([
      ['BTCUSDT', T0, 61_010],
      ['ETHUSDT', T0, 3_010],
    ]);
    expect(feed.lastPrice('BTCUSDT')).toBe(61_010);
  });

  it('reconnects after a drop and backfills the bars it missed, in order and without duplicates', async () => {
    await feed.load();
    feed.start();
    await feed.whenSubscribed();
    for (const s of SYMBOLS) server.closeBar(s, bar(T0, START_PRICE[s] + 200));
    await eventually(() => ticks.length === 1, 'first tick');

    server.dropMarketConnections();
    for (let i = 1; i <= 3; i++) {
      for (const s of SYMBOLS)
        server.closeBar(s, bar(T0 + i * MINUTE, START_PRICE[s] + 200 + i), true);
    }
    clock.set(T0 + 4 * MINUTE + 1);
    // A live bar arrives while the backfill is still in flight: it must wait for the missed ones.
    let pushed = false;
    server.onRequest = (r) => {
      if (pushed || !r.query.includes('startTime')) return;
      pushed = true;
      for (const s of SYMBOLS) server.closeBar(s, bar(T0 + 4 * MINUTE, START_PRICE[s] + 300));
    };
    await feed.whenSubscribed(2);

    expect(
      server.requests
        .filter((r) => r.path === '/fapi/v1/klines' && r.query.includes('startTime'))
        .map((r) => r.query),
    ).toEqual([
      `symbol=BTCUSDT&interval=1m&startTime=${T0 + MINUTE}&limit=1000`,
      `symbol=ETHUSDT&interval=1m&startTime=${T0 + MINUTE}&limit=1000`,
    ]);
    expect(ticks.map((t) => t.map((c) => c.openTime))).toEqual([
      [T0, T0],
      [T0 + MINUTE, T0 + MINUTE],
      [T0 + 2 * MINUTE, T0 + 2 * MINUTE],
      [T0 + 3 * MINUTE, T0 + 3 * MINUTE],
      [T0 + 4 * MINUTE, T0 + 4 * MINUTE],
    ]);
    expect(ticks[4].map((c) => c.close)).toEqual([60_300, 3_300]);

    // The stream carries on; a bar already delivered is not played twice.
    for (const s of SYMBOLS) server.closeBar(s, bar(T0 + 3 * MINUTE, 1));
    for (const s of SYMBOLS) server.closeBar(s, bar(T0 + 5 * MINUTE, 2));
    await eventually(() => ticks.length === 6, 'tick after the reconnect');
    expect(ticks[5].map((c) => c.openTime)).toEqual([T0 + 5 * MINUTE, T0 + 5 * MINUTE]);
    expect(feed.recent('BTCUSDT', 6).map((c) => c.openTime)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => T0 + i * MINUTE),
    );
  });

  it('reconnects on its own before the exchange cuts the connection at 24 hours', async () => {
    feed.stop();
    feed = newFeed(50);
    await feed.load();
    feed.start();
    await feed.whenSubscribed(3);
    expect(server.subscriptions.length).toBeGreaterThanOrEqual(3);
  });
});
