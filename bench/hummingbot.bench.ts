import { sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ExternalFills } from '../src/orchestration/external-fills.js';
import { PortfolioService } from '../src/orchestration/portfolio.service.js';
import { createHttpApp } from '../src/http-app.js';
import { JsonLogger } from '../src/platform/json-logger.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import { MarketReplay } from '../src/trading/market-replay.service.js';
import { HummingbotInstance } from '../test/support/hummingbot-instance.js';
import { Mosquitto } from '../test/support/mosquitto.js';
import { pollUntil } from '../test/support/poll.js';
import { MARKET_DATA_DIR, testConfig } from '../test/support/test-config.js';
import { printPercentiles } from './bench-result.js';

const ROUNDS = 8;
const FILLS_PER_ROUND = 100;
const AGENT = 'hummingbot-mm';
const INSTANCE = 'bench-mm';

const settled = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Event-to-ledger latency of a Hummingbot fill: from the bot publishing `OrderFilled` on a real
 * Mosquitto to the fill stored and booked to `hummingbot-mm`'s sub-ledger. Baseline: the same fill
 * booked in-process through the same port (SQLite, ledger, breakers; no broker, no JSON).
 */
export async function runHummingbotBench(): Promise<void> {
  const broker = await Mosquitto.start();
  // Compiled, test/support resolves the repository one level too deep.
  const marketData = MARKET_DATA_DIR.replace(`${sep}dist${sep}`, sep);
  const app = await createHttpApp(
    testConfig({
      MARKET_DATA_DIR: marketData,
      MCP_ENABLED: 'false',
      HUMMINGBOT_MQTT_URL: broker.url,
      HUMMINGBOT_INSTANCE_ID: INSTANCE,
    }),
    new JsonLogger('ERROR'),
  );
  await app.init();
  const bot = await HummingbotInstance.connect(broker.url, INSTANCE);
  try {
    await app.get(MarketReplay).run(1);
    await bot.beat();
    await pollUntil(() => Promise.resolve(bot.limits.size === 3 || undefined), 10_000, 10);
    const portfolio = app.get(PortfolioService);
    const fills = app.get(ExternalFills);
    const price = app.get(MarketDataFeed).lastPrice('BTCUSDT') ?? 50_000;
    let n = 0;
    const side = () => (n % 2 === 0 ? 'BUY' : 'SELL');
    const overMqtt: number[] = [];
    const inProcess: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < FILLS_PER_ROUND; i++, n++) {
        const booked = portfolio.bookedFills();
        const started = performance.now();
        await bot.filled({
          orderId: `bench-${n}`,
          tradingPair: 'BTC-USDT',
          side: side(),
          price,
          amount: 0.001,
          fee: { percent: '0.001' },
          exchangeTradeId: `t-${n}`,
        });
        while (portfolio.bookedFills() === booked) await settled();
        overMqtt.push(performance.now() - started);
      }
      for (let i = 0; i < FILLS_PER_ROUND; i++, n++) {
        const started = performance.now();
        const outcome = fills.book({
          agentId: AGENT,
          fillId: `in-process-${n}`,
          symbol: 'BTCUSDT',
          side: side() === 'BUY' ? 'buy' : 'sell',
          quantity: 0.001,
          price,
          feeUsd: price * 0.001 * 0.001,
        });
        inProcess.push(performance.now() - started);
        if (outcome.status !== 'booked') throw new Error(`in-process fill ${outcome.status}`);
      }
    }
    printPercentiles('hummingbot: OrderFilled event to ledger', overMqtt, inProcess, {
      baselineIs: 'the same fill booked in-process through ExternalFills',
      broker: 'mosquitto (localhost)',
    });
  } finally {
    await bot.close();
    await app.close();
    await broker.stop();
  }
}
