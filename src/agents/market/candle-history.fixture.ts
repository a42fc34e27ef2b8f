import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Candle } from '../../trading/candle.js';
import { parseCsv } from './csv.parser.js';

/** Test fixture: the real May-2021 Binance 5-minute candles shipped in `assets/market/`. */
export const MARKET_ASSETS = fileURLToPath(new URL('../../../assets/market/', import.meta.url));

const cache = new Map<string, readonly Candle[]>();

/** All bars of a symbol such as `BTCUSDT`, oldest first (file `BTC_USDT-5m.csv`). */
export function loadCandles(symbol: string): readonly Candle[] {
  const cached = cache.get(symbol);
  if (cached) return cached;
  const base = symbol.replace(/USDT$/, '');
  const [header, ...rows] = parseCsv(readFileSync(`${MARKET_ASSETS}${base}_USDT-5m.csv`, 'utf8'));
  if (header?.join(',') !== 'timestamp,open,high,low,close,volume') {
    throw new Error(`unexpected candle header for ${symbol}`);
  }
  const candles = rows.map(([timestamp, open, high, low, close, volume]) => ({
    symbol,
    openTime: Date.parse(timestamp ?? ''),
    open: Number(open),
    high: Number(high),
    low: Number(low),
    close: Number(close),
    volume: Number(volume),
  }));
  cache.set(symbol, candles);
  return candles;
}
