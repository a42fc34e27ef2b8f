import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import type { Candle } from '../src/trading/candle.js';
import { MarketDataSet } from '../src/trading/market-data-set.js';
import { ReplayPositionRepository } from '../src/trading/replay-position.repository.js';
import { writeCandleSet } from '../test/support/candle-set.js';
import { temporaryDir } from '../test/support/test-config.js';
import { median, print, round } from './bench-result.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'];
const YEAR_OF_MINUTES = 365 * 24 * 60;
const RUNS = 3;
const POSITION_WRITES = 20_000;

/** The reader before the data set: a `Candle` object per row, no checks beyond finite numbers. */
function readAsObjects(dir: string): Map<string, Candle[]> {
  const out = new Map<string, Candle[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    const symbol = file.replace(/_USDT-.*$/, 'USDT');
    const lines = readFileSync(join(dir, file), 'utf8').trim().split('\n');
    out.set(
      symbol,
      lines.slice(1).map((line) => {
        const [timestamp, open, high, low, close, volume] = line.split(',');
        return {
          symbol,
          openTime: Date.parse(timestamp),
          open: Number(open),
          high: Number(high),
          low: Number(low),
          close: Number(close),
          volume: Number(volume),
        };
      }),
    );
  }
  return out;
}

/** Time to read, and the memory the reading holds (measured while it is still referenced). */
function measure<T>(read: () => T, complete: (value: T) => boolean): { ms: number; mb: number } {
  const before = heapMb();
  const started = performance.now();
  const value = read();
  const ms = performance.now() - started;
  const mb = heapMb() - before;
  if (!complete(value)) throw new Error('a reader lost bars');
  return { ms, mb };
}

function heapMb(): number {
  globalThis.gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1024 / 1024;
}

/**
 * Loading a year of 1-minute bars of five symbols (2.6 M symbol-bars): the checked, columnar data set
 * against the object-per-row reader it replaced, and the memory each keeps; then the cost of recording
 * the replay position once per bar.
 */
export function runMarketDataBench(): void {
  const dir = temporaryDir('ct-bench-md-');
  writeCandleSet(dir, {
    symbols: SYMBOLS,
    interval: '1m',
    bars: YEAR_OF_MINUTES,
    start: '2023-01-01T00:00:00Z',
    seed: 1,
  });
  const symbolBars = YEAR_OF_MINUTES * SYMBOLS.length;
  const loads: number[] = [];
  const objects: number[] = [];
  let dataMb = 0;
  let objectMb = 0;
  for (let run = 0; run < RUNS; run++) {
    const checked = measure(
      () => MarketDataSet.load({ dir, gapPolicy: 'refuse' }),
      (data) => data.length === YEAR_OF_MINUTES,
    );
    loads.push(checked.ms);
    dataMb = checked.mb;
    const plain = measure(
      () => readAsObjects(dir),
      (rows) => rows.size === SYMBOLS.length,
    );
    objects.push(plain.ms);
    objectMb = plain.mb;
  }
  const load = median(loads);
  const baseline = median(objects);
  print({
    name: 'market_data_load_year_1m_5_symbols',
    value: round(load / 1000),
    unit: 's',
    baseline: round(baseline / 1000),
    ratio: round(load / baseline),
    symbolBars,
    symbolBarsPerSecond: Math.round(symbolBars / (load / 1000)),
    baselineIs: 'object-per-row reader without checks',
  });
  print({
    name: 'market_data_memory_year_1m_5_symbols',
    value: round(dataMb),
    unit: 'MB',
    baseline: round(objectMb),
    ratio: round(dataMb / objectMb),
    baselineIs: 'the same bars as Candle objects',
  });

  const sqlite = new SqliteConnection(join(temporaryDir('ct-bench-pos-'), 'data'));
  const position = new ReplayPositionRepository(sqlite);
  const started = performance.now();
  for (let i = 0; i < POSITION_WRITES; i++) position.record(i * 60_000, i);
  const perWriteUs = ((performance.now() - started) * 1000) / POSITION_WRITES;
  sqlite.close();
  print({
    name: 'replay_position_record',
    value: round(perWriteUs),
    unit: 'us/bar',
    yearOfMinutesSeconds: round((perWriteUs * YEAR_OF_MINUTES) / 1e6),
  });
}
