/**
 * Freqtrade names markets the ccxt way, `BASE/QUOTE` for spot and `BASE/QUOTE:SETTLE` for futures; the
 * team names them `BASEQUOTE`. A pair maps to one symbol; a symbol maps back to the pair the bot
 * trades, given its stake currency and whether it trades futures.
 */
export function symbolOfPair(pair: string): string | undefined {
  const match = /^([A-Z0-9]+)\/([A-Z0-9]+)(?::[A-Z0-9]+)?$/.exec(pair.toUpperCase());
  return match ? `${match[1]}${match[2]}` : undefined;
}

export function pairOfSymbol(symbol: string, quote: string, futures = false): string | undefined {
  const upper = symbol.toUpperCase();
  if (!upper.endsWith(quote) || upper.length === quote.length) return undefined;
  const pair = `${upper.slice(0, -quote.length)}/${quote}`;
  return futures ? `${pair}:${quote}` : pair;
}
