/** Bar lengths a candle file may declare in its name (`BTC_USDT-5m.csv`), shortest first. */
export const CANDLE_INTERVALS = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function isCandleInterval(text: string): text is CandleInterval {
  return (CANDLE_INTERVALS as readonly string[]).includes(text);
}

/** Market milliseconds from a bar's open to its close. */
export function intervalMs(interval: CandleInterval): number {
  return Number(interval.slice(0, -1)) * UNIT_MS[interval.slice(-1)];
}
