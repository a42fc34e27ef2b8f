import { fileURLToPath } from 'node:url';
import type { Candle } from '../../trading/candle.js';
import { readCandleFile } from '../../trading/candle-file.js';

/** Test fixture: the real May-2021 Binance 5-minute candles shipped in `assets/market/`. */
export const MARKET_ASSETS = fileURLToPath(new URL('../../../assets/market/', import.meta.url));

const cache = new Map<string, readonly Candle[]>();

/** All bars of a symbol such as `BTCUSDT`, oldest first (file `BTC_USDT-5m.csv`). */
export function loadCandles(symbol: string): readonly Candle[] {
  const cached = cache.get(symbol) ?? readCandleFile(MARKET_ASSETS, symbol);
  cache.set(symbol, cached);
  return cached;
}
