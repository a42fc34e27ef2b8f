import type { Candle } from '../candle.js';
import type { AsterHttpClient } from './aster-http.client.js';
import { klinesWeight, MARKET_PATHS } from './aster-endpoints.js';
import { parseSymbolRules, type RawSymbol, type SymbolRules } from './exchange-rules.js';

/** A kline row: `[openTime, open, high, low, close, volume, closeTime, …]`, prices as strings. */
type KlineRow = readonly [number, string, string, string, string, string, number, ...unknown[]];

export interface ClosedCandle extends Candle {
  readonly closeTime: number;
}

export interface BookTop {
  readonly bid: number;
  readonly ask: number;
}

/** Aster's public market-data REST endpoints (security type NONE). */
export class AsterMarketRest {
  constructor(private readonly http: AsterHttpClient) {}

  async exchangeInfo(): Promise<Map<string, SymbolRules>> {
    const info = await this.http.request<{ symbols: RawSymbol[] }>(
      'GET',
      MARKET_PATHS.exchangeInfo,
      [],
      'none',
      1,
    );
    return new Map(info.symbols.map((s) => [s.symbol, parseSymbolRules(s)]));
  }

  async klines(
    symbol: string,
    interval: string,
    limit: number,
    startTime?: number,
  ): Promise<ClosedCandle[]> {
    const params: [string, string][] = [
      ['symbol', symbol],
      ['interval', interval],
    ];
    if (startTime !== undefined) params.push(['startTime', String(startTime)]);
    params.push(['limit', String(limit)]);
    const rows = await this.http.request<KlineRow[]>(
      'GET',
      MARKET_PATHS.klines,
      params,
      'none',
      klinesWeight(limit),
    );
    return rows.map((row) => ({
      symbol,
      openTime: row[0],
      open: Number(row[1]),
      high: Number(row[2]),
      low: Number(row[3]),
      close: Number(row[4]),
      volume: Number(row[5]),
      closeTime: row[6],
    }));
  }

  async bookTicker(symbol: string): Promise<BookTop> {
    const top = await this.http.request<{ bidPrice: string; askPrice: string }>(
      'GET',
      MARKET_PATHS.bookTicker,
      [['symbol', symbol]],
      'none',
      1,
    );
    return { bid: Number(top.bidPrice), ask: Number(top.askPrice) };
  }
}
