import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYMBOLS } from '../src/config/roster.js';
import { AgentRuntime } from '../src/agents/agent-runtime.service.js';
import { HEADLINES_FILE } from '../src/agents/agent-runtime.service.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import type { Candle } from '../src/trading/candle.js';
import { TestApp } from './support/test-app.js';
import { temporaryDir, testConfig } from './support/test-config.js';

const BAR = 5 * 60_000;
const BARS = 400;
const START = Date.UTC(2024, 0, 1);
const TAKER_BPS = 7.5;
const MAKER_BPS = 2;
const SLIPPAGE_BPS = 2;

/**
 * A seeded random walk per symbol whose bars open away from the previous close (a gap of up to
 * ±0.3 %), so a fill at the signal bar's close can never pass for one at the next bar's open.
 */
function generateBars(symbol: string, seed: number, first: number): Candle[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const bars: Candle[] = [];
  let close = first;
  for (let i = 0; i < BARS; i++) {
    const open = close * (1 + (random() - 0.5) * 0.006);
    close = open * (1 + (random() - 0.5) * 0.012);
    const high = Math.max(open, close) * (1 + random() * 0.003);
    const low = Math.min(open, close) * (1 - random() * 0.003);
    bars.push({ symbol, openTime: START + i * BAR, open, high, low, close, volume: 1_000 });
  }
  return bars;
}

function writeDataSet(dir: string, headlines: readonly [number, string, string][]) {
  mkdirSync(dir, { recursive: true });
  const series = new Map<string, Candle[]>();
  SYMBOLS.forEach((symbol, k) => {
    const bars = generateBars(symbol, 7 + k, [40_000, 2_500, 100, 0.8, 1.2][k]);
    series.set(symbol, bars);
    const rows = bars.map(
      (b) =>
        `${new Date(b.openTime).toISOString()},${b.open},${b.high},${b.low},${b.close},${b.volume}`,
    );
    writeFileSync(
      join(dir, `${symbol.replace(/USDT$/, '')}_USDT-5m.csv`),
      ['timestamp,open,high,low,close,volume', ...rows].join('\n'),
    );
  });
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  writeFileSync(
    join(dir, HEADLINES_FILE),
    [
      'published_at,source,subject,title,text,url,sentiment_class,polarity,subjectivity',
      ...headlines.map(([at, title, text]) =>
        [new Date(at).toISOString(), 'Test', 'bitcoin', quote(title), quote(text), '', '', '', '']
          .map(String)
          .join(','),
      ),
    ].join('\n'),
  );
  return series;
}

interface FillOfOrder {
  agent_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  fee_usd: number;
  ts: number;
  created_at: number;
}

describe('paper fills on a generated data set, through the whole service', () => {
  const dir = join(temporaryDir('ct-fills-'), 'market');
  // Strong news at its own time, late in the data: the sentiment agent must not act on it earlier.
  const newsAt = START + 250 * BAR + 2 * 60_000;
  const series = writeDataSet(dir, [
    [
      newsAt,
      'Bitcoin surges as the rally soars to a record',
      'Bitcoin soared in a bullish breakout; the rally surged.',
    ],
  ]);
  const bar = (symbol: string, closeTime: number) => {
    const candle = series.get(symbol)?.find((c) => c.openTime + BAR === closeTime);
    if (!candle) throw new Error(`no ${symbol} bar closing at ${closeTime}`);
    return candle;
  };
  let app: TestApp;
  let fills: FillOfOrder[];
  let statuses: Map<string, number>;
  let quietBefore: string | undefined;

  beforeAll(async () => {
    app = await TestApp.start(
      testConfig({
        MARKET_DATA_DIR: dir,
        MCP_ENABLED: 'false',
        PAPER_FEE_BPS: String(TAKER_BPS),
        PAPER_MAKER_FEE_BPS: String(MAKER_BPS),
        PAPER_SLIPPAGE_BPS: String(SLIPPAGE_BPS),
      }),
    );
    await app.advance(100);
    quietBefore = app.app
      .get(AgentRuntime)
      .statuses()
      .find((s) => s.agentId === 'fingpt')?.quiet;
    await app.advance(Infinity); // to the end of the data
    const db = app.app.get(SqliteConnection).db;
    fills = db
      .prepare(
        `SELECT f.agent_id, f.symbol, f.side, f.quantity, f.price, f.fee_usd, f.ts, o.created_at
         FROM fills f JOIN orders o USING (client_order_id) ORDER BY f.id`,
      )
      .all() as FillOfOrder[];
    statuses = new Map(
      (
        db.prepare('SELECT status, COUNT(*) AS n FROM orders GROUP BY status').all() as {
          status: string;
          n: number;
        }[]
      ).map((r) => [r.status, r.n]),
    );
  }, 300_000);

  afterAll(() => app?.close());

  it('fills no market order at the close of the bar that produced it: at the next bar’s open ± slippage, at that bar’s time', () => {
    const market = fills.filter((f) => f.agent_id !== 'hummingbot-mm');
    expect(market.length).toBeGreaterThan(5);
    for (const f of market) {
      expect(f.ts).toBe(f.created_at + BAR);
      const next = bar(f.symbol, f.ts);
      const slip = (f.side === 'buy' ? 1 : -1) * SLIPPAGE_BPS;
      expect(f.price).toBeCloseTo(next.open * (1 + slip / 10_000), 9);
      expect(f.price).not.toBeCloseTo(bar(f.symbol, f.created_at).close, 6);
      expect(f.fee_usd).toBeCloseTo((f.price * f.quantity * TAKER_BPS) / 10_000, 9);
    }
  });

  it('fills the market maker’s resting quotes as maker: at the limit, only when a later bar trades through', () => {
    const maker = fills.filter((f) => f.agent_id === 'hummingbot-mm');
    expect(maker.filter((f) => f.side === 'buy').length).toBeGreaterThan(0);
    expect(maker.filter((f) => f.side === 'sell').length).toBeGreaterThan(0);
    for (const f of maker) {
      expect(f.ts).toBeGreaterThan(f.created_at);
      const through = bar(f.symbol, f.ts);
      if (f.side === 'buy') expect(through.low).toBeLessThan(f.price);
      else expect(through.high).toBeGreaterThan(f.price);
      expect(f.fee_usd).toBeCloseTo((f.price * f.quantity * MAKER_BPS) / 10_000, 9);
    }
  });

  it('uses a headline only from its own time, and says why the sentiment agent is quiet before it', () => {
    expect(quietBefore).toMatch(
      /^no headline yet: the next is published at 2024-01-01T20:52:00\.000Z/,
    );
    const sentiment = fills.filter((f) => f.agent_id === 'fingpt');
    expect(sentiment.length).toBeGreaterThan(0);
    for (const f of sentiment) expect(f.created_at).toBeGreaterThanOrEqual(newsAt);
    expect(sentiment[0].created_at - newsAt).toBeLessThan(BAR);
  });

  it('cancels the orders still open when the data ends, and records them as such', () => {
    expect(statuses.get('submitted') ?? 0).toBe(0);
    expect(statuses.get('cancelled') ?? 0).toBeGreaterThan(0);
    expect(statuses.get('filled')).toBe(fills.length);
  });
});
