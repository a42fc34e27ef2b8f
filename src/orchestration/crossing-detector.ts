import type { Side } from '../config/roster.js';

export interface AttributedFill {
  readonly agentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly ts: number;
}

/** Two agents on opposite sides of one symbol within the window: the account paid fees for nothing. */
export interface Crossing {
  readonly symbol: string;
  readonly buyer: string;
  readonly seller: string;
  /** The quantity the two fills have in common. */
  readonly quantity: number;
  /** What the round trip cost in price: the buyer's price minus the seller's, times the quantity. */
  readonly spreadUsd: number;
  readonly ts: number;
}

/**
 * Detects agents trading against each other: a fill opposite to another agent's fill on the same symbol
 * within `windowMs`. Each earlier fill's quantity is matched at most once.
 */
export class CrossingDetector {
  private readonly recent = new Map<string, { fill: AttributedFill; open: number }[]>();

  constructor(private readonly windowMs: number) {}

  /** Matches the fill against earlier ones and remembers it. */
  observe(fill: AttributedFill): Crossing[] {
    const { crossings, list } = this.match(fill);
    this.recent.set(fill.symbol, list);
    return crossings;
  }

  /** The crossings `observe` would report, changing nothing. */
  preview(fill: AttributedFill): Crossing[] {
    return this.match(fill).crossings;
  }

  private match(fill: AttributedFill): {
    crossings: Crossing[];
    list: { fill: AttributedFill; open: number }[];
  } {
    const list = (this.recent.get(fill.symbol) ?? []).map((e) => ({ ...e }));
    // Fills arrive in time order: what fell out of the window is at the front.
    while (list.length > 0 && (list[0].fill.ts <= fill.ts - this.windowMs || list[0].open <= 0))
      list.shift();
    const crossings: Crossing[] = [];
    let open = fill.quantity;
    for (const earlier of list) {
      if (open <= 0) break;
      if (
        earlier.open <= 0 ||
        earlier.fill.agentId === fill.agentId ||
        earlier.fill.side === fill.side
      )
        continue;
      const quantity = Math.min(open, earlier.open);
      open -= quantity;
      earlier.open -= quantity;
      const [buy, sell] = fill.side === 'buy' ? [fill, earlier.fill] : [earlier.fill, fill];
      crossings.push({
        symbol: fill.symbol,
        buyer: buy.agentId,
        seller: sell.agentId,
        quantity,
        spreadUsd: (buy.price - sell.price) * quantity,
        ts: fill.ts,
      });
    }
    list.push({ fill, open });
    return { crossings, list };
  }
}
