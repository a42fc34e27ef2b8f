import { join } from 'node:path';
import { SYMBOLS } from '../src/config/roster.js';
import {
  DOC_SECRET,
  eventually,
  MINUTE,
  swingPriceAt,
  TEST_API_KEY,
  TEST_CREDENTIALS,
} from './support/aster-fixtures.js';
import { AsterTestServer, barSeries } from './support/aster-test-server.js';
import { serviceLauncher } from './support/service-launcher.js';
import { temporaryDir } from './support/test-config.js';

interface Portfolio {
  mode: string;
  agents: { agentId: string; fills: number }[];
}

/** The built service as a process, pointed at a local Aster server by ASTER_BASE_URL / ASTER_WS_URL. */
describe('the service process on Aster', () => {
  let server: AsterTestServer;
  const historyEnd = Math.floor(Date.now() / MINUTE) * MINUTE - 1_000 * MINUTE;

  const launch = serviceLauncher();
  const start = (env: Record<string, string>) =>
    launch({
      DATA_DIR: join(temporaryDir(), 'data'),
      MARKET_DATA: 'aster',
      ASTER_BASE_URL: server.baseUrl,
      ASTER_WS_URL: server.wsUrl,
      ASTER_KLINE_INTERVAL: '1m',
      ...env,
    });

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
  });

  afterAll(() => server?.close());

  it('paper-trades on the server’s prices end to end, sends it no order, and stops cleanly', async () => {
    const service = await start({});
    await service.ready();
    await eventually(() => server.subscriptions.length > 0, 'the service subscribed');
    let bar = 0;
    const portfolio = await service.until(async () => {
      for (const s of SYMBOLS) {
        const close = swingPriceAt(s, 120 + bar);
        server.closeBar(s, {
          openTime: historyEnd + bar * MINUTE,
          open: close,
          high: close,
          low: close,
          close,
          volume: 10,
        });
      }
      bar += 1;
      const status = await service.get<Portfolio>('/portfolio-status');
      return status.agents.some((a) => a.fills > 0) ? status : undefined;
    }, 60_000);
    expect(portfolio.mode).toBe('paper');
    expect(server.orderRequests()).toHaveLength(0);
    service.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('refuses to start in live mode without all three conditions, and says why', async () => {
    const noKeys = await start({ PAPER_TRADING: 'false' });
    expect((await noKeys.exited).code).toBe(1);
    expect(noKeys.output).toMatch(/PAPER_TRADING=false: ASTER_API_KEY is required/);
    expect(noKeys.output).toMatch(/set LIVE_TRADING_CONFIRM=yes to confirm live trading/);

    const replayPrices = await start({
      PAPER_TRADING: 'false',
      ASTER_API_KEY: TEST_API_KEY,
      ASTER_SECRET_KEY: DOC_SECRET,
      LIVE_TRADING_CONFIRM: 'yes',
      MARKET_DATA: 'replay',
    });
    expect((await replayPrices.exited).code).toBe(1);
    expect(replayPrices.output).toMatch(/live trading refused: MARKET_DATA is not aster/);
    expect(server.orderRequests()).toHaveLength(0);
  }, 60_000);
});
