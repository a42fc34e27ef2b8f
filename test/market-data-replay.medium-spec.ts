import { AgentRuntime } from '../src/agents/agent-runtime.service.js';
import type { CandleInterval } from '../src/trading/candle-interval.js';
import { MarketTimeline } from '../src/platform/market-timeline.js';
import { runReplay } from '../src/replay/replay-runner.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import { writeCandleSet } from './support/candle-set.js';
import { temporaryDir, testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const START = '2024-03-01T00:00:00Z';
const BARS = 400;
const WARMUP = 96;

function candleDir(interval: CandleInterval, symbols: readonly string[]): string {
  const dir = temporaryDir('ct-md-');
  writeCandleSet(dir, { symbols, interval, bars: BARS, start: START, seed: 11 });
  return dir;
}

describe('a replay of generated market data', () => {
  it.each<[CandleInterval, number]>([
    ['1m', 60_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
  ])(
    'replays %s bars of three symbols without SOL to the end of the data, trading',
    async (interval, barMs) => {
      const dir = candleDir(interval, ['BTCUSDT', 'ETHUSDT', 'XRPUSDT']);
      const report = await runReplay({ config: testConfig({ MARKET_DATA_DIR: dir }) });
      const startMs = Date.parse(START);
      expect(report.bars).toBe(BARS - WARMUP);
      expect(report.marketStart).toBe(new Date(startMs + WARMUP * barMs).toISOString());
      expect(report.marketEnd).toBe(new Date(startMs + BARS * barMs).toISOString());
      expect(report.fills).toBeGreaterThan(0);
    },
    120_000,
  );

  it('leaves an agent with none of its symbols idle, and the rest trade', async () => {
    const dir = candleDir('5m', ['XRPUSDT', 'ADAUSDT']);
    const app = await TestApp.start(testConfig({ MARKET_DATA_DIR: dir }));
    try {
      expect(app.app.get(MarketDataFeed).symbols).toEqual(['ADAUSDT', 'XRPUSDT']);
      await app.advance(150);
      const statuses = app.app.get(AgentRuntime).statuses();
      const byId = new Map(statuses.map((s) => [s.agentId, s]));
      expect(byId.get('hummingbot-mm')).toMatchObject({
        state: 'paused',
        symbols: [],
        idle: 'none of its symbols (BTCUSDT, ETHUSDT) is in the market data (ADAUSDT, XRPUSDT)',
      });
      expect(byId.get('lag-llama')?.idle).toBeDefined();
      expect(byId.get('freqtrade-hft')?.idle).toBeDefined();
      expect(byId.get('deepseek-v3')).toMatchObject({
        state: 'running',
        symbols: ['XRPUSDT', 'ADAUSDT'],
      });
      expect(byId.get('deepseek-v3')?.idle).toBeUndefined();
      expect(app.app.get(MarketTimeline).ended).toBe(false);
      await app.advance(Infinity);
      expect(app.app.get(MarketTimeline).ended).toBe(true);
    } finally {
      await app.close();
    }
  }, 120_000);
});
