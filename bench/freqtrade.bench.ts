import { sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FreqtradeConnector } from '../src/connectors/freqtrade/freqtrade-connector.service.js';
import { ExternalFills } from '../src/orchestration/external-fills.js';
import { PortfolioService } from '../src/orchestration/portfolio.service.js';
import { FreqtradeTestServer } from '../test/support/freqtrade-test-server.js';
import { MARKET_DATA_DIR, testConfig } from '../test/support/test-config.js';
import { TestApp } from '../test/support/test-app.js';
import { printPercentiles } from './bench-result.js';

const ROUND_TRIPS = 300;
const WARMUP = 20;
const AGENT = 'freqtrade-hft';

/** Resolves on the first event-loop turn after `done()` holds (setImmediate: no timer granularity). */
function whenTrue(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => (done() ? resolve() : void setImmediate(check));
    check();
  });
}

/**
 * Event-to-ledger latency of the Freqtrade connector: from the test server sending `entry_fill` (or
 * `exit_fill`) on the message websocket to the fill booked in freqtrade-hft's sub-ledger, through the
 * whole application (websocket frame, `GET /api/v1/trade/{id}`, SQLite commit, ledger). Baseline, same
 * run: the same fill handed to the booking port in-process (SQLite commit and ledger only).
 */
export async function runFreqtradeBench(): Promise<void> {
  const server = await FreqtradeTestServer.start();
  const app = await TestApp.start(
    testConfig({
      FREQTRADE_URL: server.url,
      FREQTRADE_USERNAME: server.username,
      FREQTRADE_PASSWORD: server.password,
      FREQTRADE_PROBE_MS: '60000',
      PUBSUB_HEARTBEAT_TIMEOUT_MS: '3600000',
      // Built, this file runs from dist/: the bundled candles stay in the repository.
      MARKET_DATA_DIR: MARKET_DATA_DIR.replace(`${sep}dist${sep}`, sep),
    }),
  );
  try {
    await whenTrue(() => server.subscribers === 1);
    const portfolio = app.app.get(PortfolioService);
    const connector = app.app.get(FreqtradeConnector);
    await connector.settled();
    const viaBot: number[] = [];
    for (let i = 0; i < WARMUP + ROUND_TRIPS; i++) {
      let booked = portfolio.bookedFills();
      let start = performance.now();
      const trade = server.enter('ETH/USDT', 0.01, 3_000 + (i % 50));
      await whenTrue(() => portfolio.bookedFills() > booked);
      const entry = performance.now() - start;
      booked = portfolio.bookedFills();
      start = performance.now();
      server.exit(trade.trade_id, 3_010 + (i % 50));
      await whenTrue(() => portfolio.bookedFills() > booked);
      if (i >= WARMUP) viaBot.push(entry, performance.now() - start);
    }
    const fills = app.app.get(ExternalFills);
    const inProcess: number[] = [];
    for (let i = 0; i < WARMUP + ROUND_TRIPS; i++) {
      const price = 3_000 + (i % 50);
      const base = { symbol: 'ETHUSDT', quantity: 0.01 };
      let start = performance.now();
      fills.book({
        ...base,
        agentId: AGENT,
        fillId: `bench-${i}-a`,
        side: 'buy',
        price,
        feeUsd: 0.03,
      });
      const entry = performance.now() - start;
      start = performance.now();
      fills.book({
        ...base,
        agentId: AGENT,
        fillId: `bench-${i}-b`,
        side: 'sell',
        price,
        feeUsd: 0.03,
      });
      if (i >= WARMUP) inProcess.push(entry, performance.now() - start);
    }
    printPercentiles('freqtrade_fill_to_ledger', viaBot, inProcess, {
      baselineIs: 'the same fill booked in-process through ExternalFills',
    });
  } finally {
    await app.close();
    await server.close();
  }
}
