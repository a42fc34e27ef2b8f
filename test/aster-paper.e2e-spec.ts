import request from 'supertest';
import { SYMBOLS } from '../src/config/roster.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import { eventually, MINUTE, swingPriceAt, TEST_CREDENTIALS } from './support/aster-fixtures.js';
import { AsterTestServer, barSeries, type Bar } from './support/aster-test-server.js';
import { testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

interface FillRow {
  symbol: string;
  side: 'buy' | 'sell';
  price: number;
}

describe('MARKET_DATA=aster with PAPER_TRADING=true: paper trading on the exchange’s prices', () => {
  let server: AsterTestServer;
  let app: TestApp;
  const historyEnd = Math.floor(Date.now() / MINUTE) * MINUTE - 1_000 * MINUTE;

  beforeAll(async () => {
    server = await AsterTestServer.start({
      credentials: TEST_CREDENTIALS,
      symbols: [...SYMBOLS],
      intervalMs: MINUTE,
    });
    for (const s of SYMBOLS)
      server.setBars(
        s,
        barSeries(120, historyEnd, MINUTE, (i) => swingPriceAt(s, i)),
      );
    app = await TestApp.start(
      testConfig({
        MARKET_DATA: 'aster',
        ASTER_BASE_URL: server.baseUrl,
        ASTER_WS_URL: server.wsUrl,
        ASTER_KLINE_INTERVAL: '1m',
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('trades the agents’ signals on the server’s live bars and never sends it an order', async () => {
    const feed = app.app.get(MarketDataFeed);
    expect(feed.recent('BTCUSDT', 200).length).toBeGreaterThanOrEqual(90);
    expect(feed.lastPrice('BTCUSDT')).toBeCloseTo(swingPriceAt('BTCUSDT', 119), 6);
    await eventually(() => server.subscriptions.length > 0, 'the feed subscribed');

    const db = app.app.get(SqliteConnection).db;
    // Market orders; the market maker's quotes fill at their own limit prices (paper-fills.medium-spec).
    const fills = () =>
      db
        .prepare("SELECT symbol, side, price FROM fills WHERE agent_id != 'hummingbot-mm'")
        .all() as FillRow[];
    const served = new Map<string, number[]>(SYMBOLS.map((s) => [s, [feed.lastPrice(s) ?? 0]]));
    for (let bar = 0; bar < 400 && fills().length < 3; bar++) {
      const openTime = historyEnd + bar * MINUTE;
      for (const s of SYMBOLS) {
        const close = swingPriceAt(s, 120 + bar);
        served.get(s)?.push(close);
        const candle: Bar = {
          openTime,
          open: close,
          high: close * 1.001,
          low: close * 0.999,
          close,
          volume: 10,
        };
        server.closeBar(s, candle);
      }
      await eventually(() => feed.recent('BTCUSDT', 1)[0]?.openTime === openTime, `bar ${bar}`);
      await app.coordinator.bus.whenIdle();
      await new Promise((resolve) => setImmediate(resolve));
    }

    const booked = fills();
    expect(booked.length).toBeGreaterThanOrEqual(1);
    // Every fill is a price the server served (a later bar's open), moved 2 bps against the taker.
    for (const fill of booked) {
      const direction = fill.side === 'buy' ? 1 : -1;
      const source = served
        .get(fill.symbol)
        ?.find((price) => Math.abs(fill.price / (price * (1 + direction * 0.0002)) - 1) < 1e-9);
      expect({ ...fill, fromServer: source !== undefined }).toEqual({ ...fill, fromServer: true });
    }
    const status = await request(app.server).get('/portfolio-status').expect(200);
    expect((status.body as { mode: string }).mode).toBe('paper');
    const metrics = await request(app.server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^aster_request_weight_sent_total \d+$/m);
    expect(metrics.text).toMatch(/^aster_ip_banned 0$/m);
    expect(server.orderRequests()).toHaveLength(0);
    expect(server.requests.some((r) => r.path.includes('listenKey'))).toBe(false);
  });
});
