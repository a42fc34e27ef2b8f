import type { MarketTimeline } from '../platform/market-timeline.js';
import type { MarketTick } from './candle.js';
import { randomWalkBar, seededRandom } from './seeded-random.js';
import { SteppedFeed } from './stepped.feed.js';

const BAR_MS = 5 * 60_000;
/** Where simulated market time starts. */
export const SIMULATION_START_MS = Date.UTC(2021, 4, 1);

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
      const bar = randomWalkBar(this.prices.get(symbol) ?? 1, this.volatilityPerBar, this.random);
      this.prices.set(symbol, bar.close);
      return { symbol, openTime, ...bar };
    });
  }
}
