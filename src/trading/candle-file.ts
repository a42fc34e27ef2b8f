import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candle } from './candle.js';

/** Reads `<BASE>_USDT-5m.csv` (header `timestamp,open,high,low,close,volume`) into candles for `BASEUSDT`. */
export function readCandleFile(dir: string, symbol: string): Candle[] {
  const base = symbol.replace(/USDT$/, '');
  const path = join(dir, `${base}_USDT-5m.csv`);
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  if (lines[0]?.trim() !== 'timestamp,open,high,low,close,volume') {
    throw new Error(`${path}: unexpected header ${lines[0]}`);
  }
  return lines.slice(1).map((line, row) => {
    const [timestamp, open, high, low, close, volume] = line.split(',');
    const candle: Candle = {
      symbol,
      openTime: Date.parse(timestamp ?? ''),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
    if (!Object.values(candle).every((v) => typeof v === 'string' || Number.isFinite(v))) {
      throw new Error(`${path}:${row + 2}: malformed candle`);
    }
    return candle;
  });
}
