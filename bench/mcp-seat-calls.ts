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
  /** How many proposals got each answer (`ignored`, `refused`…). */
  readonly propose: { readonly mcp: number[]; readonly answers: Record<string, number> };
  readonly publish: { readonly mcp: number[] };
}

/**
 * Sells of a coin the seat does not hold. A paper market order fills at the next bar's open, which the
 * bench does not reach: a buy would wait out the desk's decision timeout (10 s) for it. These are
 * sized and answered by the orchestrator at once (`answers` counts how), so the figures are the path
 * through MCP, the coordinator and pre-trade risk without the wait for a bar.
 */
export const orderOf = (prefix: string, i: number) => ({
  clientOrderId: `${prefix}-${i}`,
  symbol: 'BTCUSDT',
  side: 'sell' as const,
  confidence: 0.5,
});

/** Sells of a symbol the seat does not hold: routed and seen, trading nothing. */
export const SIGNAL = { symbol: 'XRPUSDT', side: 'sell' as const, confidence: 0.1 };
