import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarketDataError } from '../src/trading/market-data.error.js';
import { MarketDataSet, type MarketDataSetOptions } from '../src/trading/market-data-set.js';
import { writeCandleSet } from './support/candle-set.js';
import { MARKET_DATA_DIR, temporaryDir } from './support/test-config.js';

const START = '2024-03-01T00:00:00Z';
const START_MS = Date.parse(START);
const FIVE_MINUTES = 5 * 60_000;

function problemsOf(options: Partial<MarketDataSetOptions> & { dir: string }): readonly string[] {
  try {
    MarketDataSet.load({ gapPolicy: 'refuse', ...options });
  } catch (error) {
    if (error instanceof MarketDataError) return error.problems;
    throw error;
  }
  throw new Error('expected a MarketDataError');
}

/** A valid two-symbol 5-minute set, then `edit` changes one file's lines (index 0 = the header). */
function editedSet(edit: (lines: string[]) => void): string {
  const dir = temporaryDir('ct-md-');
  writeCandleSet(dir, {
    symbols: ['BTCUSDT', 'ETHUSDT'],
    interval: '5m',
    bars: 200,
    start: START,
    seed: 1,
  });
  const path = join(dir, 'BTC_USDT-5m.csv');
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  edit(lines);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return dir;
}

const at = (bar: number) => new Date(START_MS + bar * FIVE_MINUTES).toISOString();

describe('a market data set: candle files of any symbols at one interval', () => {
  it('loads the bundled month: five symbols, 5-minute bars, named by their files', () => {
    const data = MarketDataSet.load({ dir: MARKET_DATA_DIR, gapPolicy: 'refuse' });
    expect(data.symbols).toEqual(['ADAUSDT', 'BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']);
    expect(data.interval).toBe('5m');
    expect(data.length).toBe(8_928);
    expect(data.candle('BTCUSDT', 0)).toEqual({
      symbol: 'BTCUSDT',
      openTime: Date.parse('2021-05-01T00:00:00Z'),
      open: 57697.25,
      high: 57791.31,
      low: 57421.05,
      close: 57777.03,
      volume: 432.169503,
    });
  });

  it('takes its universe from the files, narrowed by SYMBOLS', () => {
    const dir = temporaryDir('ct-md-');
    writeCandleSet(dir, {
      symbols: ['BTCUSDT', 'ETHUSDT', 'XRPUSDT'],
      interval: '1h',
      bars: 150,
      start: START,
      seed: 2,
    });
    expect(MarketDataSet.load({ dir, gapPolicy: 'refuse' }).symbols).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'XRPUSDT',
    ]);
    const narrowed = MarketDataSet.load({
      dir,
      gapPolicy: 'refuse',
      symbols: ['XRPUSDT', 'BTCUSDT'],
    });
    expect(narrowed.symbols).toEqual(['BTCUSDT', 'XRPUSDT']);
    expect(narrowed.barMs).toBe(3_600_000);
    expect(problemsOf({ dir, symbols: ['BTCUSDT', 'SOLUSDT'] })).toEqual([
      'SYMBOLS: SOLUSDT has no candle file <BASE>_<QUOTE>-<interval>.csv',
    ]);
  });

  it('accepts epoch milliseconds and ISO-8601 with a zone; refuses a time without one', () => {
    const dir = editedSet((lines) => {
      lines[1] = lines[1].replace(/^[^,]+/, String(START_MS));
      lines[2] = lines[2].replace(/^[^,]+/, '2024-03-01T01:05:00+01:00');
      lines[3] = lines[3].replace(/^[^,]+/, '2024-03-01 00:10:00');
      lines[5] = lines[5].replace(/^[^,]+/, '2024-02-31T00:20:00Z');
      lines[6] = lines[6].replace(/^[^,]+/, '2024-03-01T00:25:00.000Z');
    });
    expect(problemsOf({ dir })).toEqual([
      'BTC_USDT-5m.csv:4: timestamp "2024-03-01 00:10:00" is neither ISO-8601 with a zone nor epoch milliseconds',
      'BTC_USDT-5m.csv:6: timestamp "2024-02-31T00:20:00Z" is neither ISO-8601 with a zone nor epoch milliseconds',
    ]);
  });

  it('names each problem with its file and line, one line per problem', () => {
    const dir = editedSet((lines) => {
      lines[0] = 'time,open,high,low,close,volume';
      lines[3] = lines[3].replace(/,[^,]+$/, ',-1');
      lines[4] = lines[4].split(',').slice(0, 5).join(',');
      const [t, open, , low, close, volume] = lines[5].split(',');
      lines[5] = [
        t,
        open,
        String(Math.max(Number(open), Number(close)) / 2),
        low,
        close,
        volume,
      ].join(',');
      const [t6, open6, high6, , close6, volume6] = lines[6].split(',');
      lines[6] = [t6, open6, high6, String(Number(high6) * 2), close6, volume6].join(',');
      lines[7] = lines[7].replace(/^([^,]+),[^,]+/, '$1,abc');
      const fields = lines[8].split(',');
      fields[2] = 'Infinity';
      lines[8] = fields.join(',');
    });
    const problems = problemsOf({ dir });
    expect(problems.slice(0, 3)).toEqual([
      'BTC_USDT-5m.csv:1: header must be "timestamp,open,high,low,close,volume", found "time,open,high,low,close,volume"',
      'BTC_USDT-5m.csv:4: volume "-1" is not a finite number ≥ 0',
      'BTC_USDT-5m.csv:5: expected 6 fields (timestamp,open,high,low,close,volume), found 5',
    ]);
    expect(problems[3]).toMatch(
      /^BTC_USDT-5m\.csv:6: high [\d.e+-]+ is below max\(open, close\) [\d.]+$/,
    );
    expect(problems[4]).toMatch(
      /^BTC_USDT-5m\.csv:7: low [\d.e+-]+ is above min\(open, close\) [\d.]+$/,
    );
    expect(problems[5]).toBe('BTC_USDT-5m.csv:8: open "abc" is not a positive finite number');
    expect(problems[6]).toBe('BTC_USDT-5m.csv:9: high "Infinity" is not a positive finite number');
  });

  it('refuses rows out of order and bars off the interval grid', () => {
    const dir = editedSet((lines) => {
      [lines[10], lines[11]] = [lines[11], lines[10]];
      lines[20] = lines[20].replace(
        /^[^,]+/,
        new Date(START_MS + 19 * FIVE_MINUTES + 60_000).toISOString(),
      );
    });
    expect(problemsOf({ dir })).toEqual([
      `BTC_USDT-5m.csv:11: gap of 1 5m bar (${at(9)}); GAP_POLICY=fill-forward fills it with flat bars`,
      `BTC_USDT-5m.csv:12: timestamp ${at(9)} is not after the previous bar's ${at(10)}`,
      `BTC_USDT-5m.csv:21: timestamp ${new Date(START_MS + 19 * FIVE_MINUTES + 60_000).toISOString()} is not on the 5m grid`,
    ]);
  });

  it('refuses gaps by default and fills them forward at the previous close when asked', () => {
    const dir = temporaryDir('ct-md-');
    writeCandleSet(dir, {
      symbols: ['BTCUSDT', 'ETHUSDT'],
      interval: '5m',
      bars: 200,
      start: START,
      seed: 3,
      gaps: [
        { symbol: 'ETHUSDT', at: 120, count: 3 },
        { symbol: 'ETHUSDT', at: 150, count: 1 },
      ],
    });
    expect(problemsOf({ dir })).toEqual([
      `ETH_USDT-5m.csv:122: gap of 3 5m bars (${at(120)} to ${at(122)}); GAP_POLICY=fill-forward fills it with flat bars`,
      `ETH_USDT-5m.csv:149: gap of 1 5m bar (${at(150)}); GAP_POLICY=fill-forward fills it with flat bars`,
    ]);
    const filled = MarketDataSet.load({ dir, gapPolicy: 'fill-forward' });
    expect(filled.notes).toEqual([
      'ETH_USDT-5m.csv: 4 missing bars in 2 gaps filled forward at the previous close, volume 0 (GAP_POLICY=fill-forward)',
    ]);
    expect(filled.length).toBe(200);
    const before = filled.candle('ETHUSDT', 119);
    for (const bar of [120, 121, 122]) {
      expect(filled.candle('ETHUSDT', bar)).toEqual({
        symbol: 'ETHUSDT',
        openTime: START_MS + bar * FIVE_MINUTES,
        open: before.close,
        high: before.close,
        low: before.close,
        close: before.close,
        volume: 0,
      });
    }
    expect(filled.candle('ETHUSDT', 123).openTime).toBe(filled.candle('BTCUSDT', 123).openTime);
  });

  it('holds one interval, named in the file, from the list', () => {
    const dir = temporaryDir('ct-md-');
    writeCandleSet(dir, {
      symbols: ['BTCUSDT', 'ETHUSDT'],
      interval: '5m',
      bars: 150,
      start: START,
      seed: 4,
    });
    writeCandleSet(dir, { symbols: ['SOLUSDT'], interval: '1h', bars: 150, start: START, seed: 4 });
    writeFileSync(join(dir, 'ADA_USDT-7m.csv'), 'timestamp,open,high,low,close,volume\n');
    writeFileSync(join(dir, 'notes.csv'), 'not candles\n');
    expect(problemsOf({ dir })).toEqual([
      'ADA_USDT-7m.csv: interval "7m" is not one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d',
      "SOL_USDT-1h.csv: interval 1h differs from BTC_USDT-5m.csv's 5m: a data set has one interval",
    ]);
  });

  it('refuses a file whose bars are not at the interval its name declares', () => {
    const dir = temporaryDir('ct-md-');
    const written = temporaryDir('ct-md-');
    writeCandleSet(written, {
      symbols: ['BTCUSDT'],
      interval: '1m',
      bars: 150,
      start: START,
      seed: 5,
    });
    const oneMinute = readFileSync(join(written, 'BTC_USDT-1m.csv'), 'utf8');
    writeFileSync(join(dir, 'BTC_USDT-5m.csv'), oneMinute);
    expect(problemsOf({ dir })).toContain(
      `BTC_USDT-5m.csv:3: timestamp ${new Date(START_MS + 60_000).toISOString()} is not on the 5m grid`,
    );
  });

  it('zips symbols by time over the span they all cover', () => {
    const dir = temporaryDir('ct-md-');
    writeCandleSet(dir, { symbols: ['BTCUSDT'], interval: '5m', bars: 300, start: START, seed: 6 });
    writeCandleSet(dir, {
      symbols: ['ETHUSDT'],
      interval: '5m',
      bars: 300,
      start: START_MS + 50 * FIVE_MINUTES,
      seed: 7,
    });
    const data = MarketDataSet.load({ dir, gapPolicy: 'refuse' });
    expect(data.length).toBe(250);
    expect(data.firstOpenMs).toBe(START_MS + 50 * FIVE_MINUTES);
    const tick = data.tick(0);
    expect(tick.map((c) => c.openTime)).toEqual([data.firstOpenMs, data.firstOpenMs]);
    const btcFile = readFileSync(join(dir, 'BTC_USDT-5m.csv'), 'utf8').split('\n');
    expect(tick[0].close).toBe(Number(btcFile[51].split(',')[4]));
    expect(data.notes).toEqual([
      `BTC_USDT-5m.csv: 50 bars before and 0 after the span every symbol covers (${at(50)} to ${at(300)}) are not replayed`,
      `ETH_USDT-5m.csv: 0 bars before and 50 after the span every symbol covers (${at(50)} to ${at(300)}) are not replayed`,
    ]);
  });

  it('refuses symbols with no time in common, and a span too short for the warm-up', () => {
    const dir = temporaryDir('ct-md-');
    writeCandleSet(dir, { symbols: ['BTCUSDT'], interval: '5m', bars: 150, start: START, seed: 8 });
    writeCandleSet(dir, {
      symbols: ['ETHUSDT'],
      interval: '5m',
      bars: 150,
      start: START_MS + 200 * FIVE_MINUTES,
      seed: 9,
    });
    expect(problemsOf({ dir })).toEqual([
      `no common span: BTC_USDT-5m.csv ends at ${at(149)}, before ETH_USDT-5m.csv starts at ${at(200)}`,
    ]);
    expect(problemsOf({ dir, symbols: ['BTCUSDT'], toMs: START_MS + 90 * FIVE_MINUTES })).toEqual([
      `90 5m bars from ${at(0)} to REPLAY_TO that every symbol covers; a replay needs more than its 96-bar warm-up`,
    ]);
  });

  it('cuts bars closing after REPLAY_TO', () => {
    const dir = temporaryDir('ct-md-');
    writeCandleSet(dir, {
      symbols: ['BTCUSDT'],
      interval: '5m',
      bars: 300,
      start: START,
      seed: 10,
    });
    const data = MarketDataSet.load({
      dir,
      gapPolicy: 'refuse',
      toMs: START_MS + 200 * FIVE_MINUTES + 1,
    });
    expect(data.length).toBe(200);
  });

  it('sums up a file with many problems after the first twenty', () => {
    const dir = editedSet((lines) => {
      for (let i = 1; i <= 30; i++) lines[i] = lines[i].replace(/,[^,]+$/, ',x');
    });
    const problems = problemsOf({ dir });
    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('BTC_USDT-5m.csv: more problems after these 20; fix them first');
  });

  it('reports an empty folder and a missing one', () => {
    const dir = temporaryDir('ct-md-');
    expect(problemsOf({ dir })).toEqual([
      `${dir}: no candle files named <BASE>_<QUOTE>-<interval>.csv`,
    ]);
    expect(problemsOf({ dir: join(dir, 'nope') })).toEqual([
      `${join(dir, 'nope')}: no such directory (MARKET_DATA_DIR)`,
    ]);
    appendFileSync(join(dir, 'BTC_USDT-5m.csv'), 'timestamp,open,high,low,close,volume\n');
    expect(problemsOf({ dir })).toEqual(['BTC_USDT-5m.csv: no bars']);
  });
});
