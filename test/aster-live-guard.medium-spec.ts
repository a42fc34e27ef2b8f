import { ConfigError } from '../src/config/config-error.js';
import { SYMBOLS } from '../src/config/roster.js';
import { ManualClock } from '../src/platform/clock.js';
import type { TradingVenue } from '../src/trading/trading-venue.js';
import { createTradingVenue } from '../src/trading/trading-venue.factory.js';
import {
  DOC_SECRET,
  TEST_API_KEY,
  TEST_CREDENTIALS,
  TEST_SIGNER_KEY,
  TEST_USER,
} from './support/aster-fixtures.js';
import { AsterTestServer, barSeries } from './support/aster-test-server.js';
import { testConfig } from './support/test-config.js';
import { MarketTimeline } from '../src/platform/market-timeline.js';

const T0 = Date.UTC(2026, 10, 1, 12, 0);
const V1_KEYS = { ASTER_API_KEY: TEST_API_KEY, ASTER_SECRET_KEY: DOC_SECRET };
const V3_KEYS = {
  ASTER_USER: TEST_USER,
  ASTER_SIGNER: TEST_CREDENTIALS.signer,
  ASTER_SIGNER_PRIVATE_KEY: TEST_SIGNER_KEY,
};

type Outcome = { refused: string } | { orders: number };

/**
 * Every combination of the three live conditions, each through configuration, the real factories and
 * an order submitted as orchestration would (after reconciling): the server counts what reaches it.
 */
describe('the live guard', () => {
  let server: AsterTestServer;
  const clock = new ManualClock(T0);

  beforeAll(async () => {
    server = await AsterTestServer.start({
      credentials: TEST_CREDENTIALS,
      symbols: [...SYMBOLS],
      now: () => clock.now(),
    });
    for (const s of SYMBOLS)
      server.setBars(
        s,
        barSeries(100, T0, 300_000, () => 100),
      );
  });

  afterAll(() => server.close());

  async function attempt(env: Record<string, string>): Promise<Outcome> {
    const before = server.orderRequests().length;
    let config;
    try {
      config = testConfig({
        MARKET_DATA: 'aster',
        ASTER_BASE_URL: server.baseUrl,
        ASTER_WS_URL: server.wsUrl,
        ...env,
      });
    } catch (error) {
      if (error instanceof ConfigError) return { refused: error.message };
      throw error;
    }
    let venue: TradingVenue;
    try {
      venue = createTradingVenue({ config, timeline: new MarketTimeline(0), clock, wall: clock });
    } catch (error) {
      return { refused: (error as Error).message };
    }
    const { broker, account } = venue;
    try {
      await venue.open();
      await account.reconcile({ positions: [], openOrders: [] });
      const order = broker.submit({
        clientOrderId: 'guard-1',
        symbol: 'BTCUSDT',
        side: 'buy',
        quantity: 1,
      });
      // A paper order waits for the next bar, which never comes here: what counts is that nothing
      // reached the server.
      if (broker.mode === 'paper') {
        broker.cancelOpenOrders('the guard check is over');
        await order.catch(() => undefined);
      } else await order;
    } finally {
      venue.close();
    }
    return { orders: server.orderRequests().length - before };
  }

  const cases: [string, Record<string, string>, 'refused' | 'paper' | 'live'][] = [
    ['paper (default), no keys, no confirmation', {}, 'paper'],
    ['paper, V1 keys, confirmed', { ...V1_KEYS, LIVE_TRADING_CONFIRM: 'yes' }, 'paper'],
    ['paper, V3 keys, confirmed', { ...V3_KEYS, LIVE_TRADING_CONFIRM: 'yes' }, 'paper'],
    ['live, no keys, no confirmation', { PAPER_TRADING: 'false' }, 'refused'],
    [
      'live, no keys, confirmed',
      { PAPER_TRADING: 'false', LIVE_TRADING_CONFIRM: 'yes' },
      'refused',
    ],
    ['live, V1 keys, no confirmation', { PAPER_TRADING: 'false', ...V1_KEYS }, 'refused'],
    [
      'live, V1 keys, confirmed "y"',
      { PAPER_TRADING: 'false', ...V1_KEYS, LIVE_TRADING_CONFIRM: 'y' },
      'refused',
    ],
    ['live, V3 keys, no confirmation', { PAPER_TRADING: 'false', ...V3_KEYS }, 'refused'],
    [
      'live, half the V3 keys, confirmed',
      { PAPER_TRADING: 'false', ASTER_USER: TEST_USER, LIVE_TRADING_CONFIRM: 'yes' },
      'refused',
    ],
    [
      'live, V1 keys, confirmed, replayed prices',
      { PAPER_TRADING: 'false', ...V1_KEYS, LIVE_TRADING_CONFIRM: 'yes', MARKET_DATA: 'replay' },
      'refused',
    ],
    [
      'live, V1 keys, confirmed',
      { PAPER_TRADING: 'false', ...V1_KEYS, LIVE_TRADING_CONFIRM: 'yes' },
      'live',
    ],
    [
      'live, V3 keys, confirmed',
      { PAPER_TRADING: 'false', ...V3_KEYS, LIVE_TRADING_CONFIRM: 'yes' },
      'live',
    ],
  ];

  it.each(cases)('%s', async (_name, env, expected) => {
    const outcome = await attempt(env);
    switch (expected) {
      case 'refused':
        expect(outcome).toEqual({
          refused: expect.stringMatching(/PAPER_TRADING=false|live trading refused/) as string,
        });
        break;
      case 'paper':
        expect(outcome).toEqual({ orders: 0 });
        break;
      case 'live':
        expect(outcome).toEqual({ orders: 1 });
        break;
    }
  });

  it('says why it refuses to start in live mode', async () => {
    expect(await attempt({ PAPER_TRADING: 'false' })).toEqual({
      refused: expect.stringContaining('LIVE_TRADING_CONFIRM=yes') as string,
    });
    const v3 = await attempt({
      PAPER_TRADING: 'false',
      ASTER_SIGNER: TEST_CREDENTIALS.signer,
      LIVE_TRADING_CONFIRM: 'yes',
    });
    expect(v3).toEqual({
      refused: expect.stringContaining('V3 signing needs ASTER_USER as well') as string,
    });
    const badKey = await attempt({
      PAPER_TRADING: 'false',
      ...V3_KEYS,
      ASTER_SIGNER_PRIVATE_KEY: 'not-a-key-0123456789',
      LIVE_TRADING_CONFIRM: 'yes',
    });
    expect(badKey).toEqual({ refused: expect.stringContaining('(value not shown)') as string });
    expect(JSON.stringify(badKey)).not.toContain('not-a-key-0123456789');
  });

  it('only orders that passed all three conditions ever reached the server', () => {
    expect(server.orderRequests().map((r) => r.path)).toEqual(['/fapi/v1/order', '/fapi/v3/order']);
  });
});
