/** What the MCP bench's parent and its outside agent (`mcp-client.process.ts`) share. */

/** What the MCP bench asks of the outside agent. */
export interface SeatOrder {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly seat: string;
  readonly token: string;
  readonly warmUp: number;
  readonly roundTrips: number;
}

/** Milliseconds per round trip after the warm-up; `http` only where the action has an HTTP route. */
export interface SeatTimings {
  readonly guidance: { readonly mcp: number[]; readonly http: number[] };
  readonly propose: { readonly mcp: number[]; filled: number };
  readonly publish: { readonly mcp: number[] };
}

/**
 * Buys and sells alternate. A paper market order fills at the next bar's open, which the bench does not
 * reach, so these are timed to the orchestrator's answer (`filled` says how many of them filled).
 */
export const orderOf = (prefix: string, i: number) => ({
  clientOrderId: `${prefix}-${i}`,
  symbol: 'BTCUSDT',
  side: i % 2 === 0 ? ('buy' as const) : ('sell' as const),
  confidence: 0.5,
});

/** Sells of a symbol the seat does not hold: routed and seen, trading nothing. */
export const SIGNAL = { symbol: 'XRPUSDT', side: 'sell' as const, confidence: 0.1 };
