/**
 * The symbols the market data covers, provided once: the data set's in a replay, the seed five for the
 * simulation and the venue. Agents trade the part of their roster symbols it holds; the API accepts
 * only its symbols.
 */
export class MarketUniverse {
  private readonly known: ReadonlySet<string>;

  constructor(readonly symbols: readonly string[]) {
    this.known = new Set(symbols);
  }

  has(symbol: string): boolean {
    return this.known.has(symbol);
  }

  /** The given symbols the market has, in their order. */
  narrow(symbols: readonly string[]): string[] {
    return symbols.filter((s) => this.known.has(s));
  }
}
