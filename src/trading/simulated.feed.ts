import type { MarketTimeline } from '../platform/market-timeline.js';
import type { MarketTick } from './candle.js';
import { SteppedFeed } from './stepped.feed.js';

const BAR_MS = 5 * 60_000;
/** Where simulated market time starts. */
export const SIMULATION_START_MS = Date.UTC(2021, 4, 1);

/** mulberry32: a small, fast, seedable generator; the same seed gives the same market. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded geometric Brownian motion per symbol, starting from given prices: for runs that must not
 * depend on the bundled data, and for repeatable stress scenarios.
 */
export class SimulatedFeed extends SteppedFeed {
  private readonly random: () => number;
  private readonly prices: Map<string, number>;
  private openTime = SIMULATION_START_MS;

  constructor(
    startPrices: ReadonlyMap<string, number>,
    timeline: MarketTimeline,
    seed: number,
    private readonly volatilityPerBar = 0.003,
  ) {
    super([...startPrices.keys()], timeline, BAR_MS);
    this.random = seededRandom(seed);
    this.prices = new Map(startPrices);
  }

  protected nextTick(): MarketTick {
    const openTime = this.openTime;
    this.openTime += BAR_MS;
    return this.symbols.map((symbol) => {
      const open = this.prices.get(symbol) ?? 1;
      const close = open * Math.exp(this.volatilityPerBar * this.gaussian());
      const wick = Math.abs(this.gaussian()) * this.volatilityPerBar * 0.5;
      this.prices.set(symbol, close);
      return {
        symbol,
        openTime,
        open,
        close,
        high: Math.max(open, close) * (1 + wick),
        low: Math.min(open, close) * (1 - wick),
        volume: 1_000 * (0.5 + this.random()),
      };
    });
  }

  /** Box–Muller. */
  private gaussian(): number {
    const u = Math.max(this.random(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
}
