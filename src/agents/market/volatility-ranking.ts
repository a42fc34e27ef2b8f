import { realisedVolatility } from './indicators.js';

/** The symbol whose closes have the highest realised volatility; undefined when there are none. */
export function mostVolatile(
  closesBySymbol: Iterable<readonly [string, readonly number[]]>,
): string | undefined {
  let best: { symbol: string; volatility: number } | undefined;
  for (const [symbol, closes] of closesBySymbol) {
    const volatility = realisedVolatility(closes);
    if (!best || volatility > best.volatility) best = { symbol, volatility };
  }
  return best?.symbol;
}
