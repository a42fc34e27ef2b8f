/**
 * mulberry32: a small, fast, seedable generator. Simulated markets and generated candle sets draw from
 * it so that the same seed gives the same prices on every machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller); `1 - u` lies in (0, 1], so the logarithm is always finite. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface RandomWalkBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** One bar of a geometric random walk from `open` (log-return `drift` per bar), with wicks and volume. */
export function randomWalkBar(
  open: number,
  volatility: number,
  random: () => number,
  drift = 0,
): RandomWalkBar {
  const close = open * Math.exp(drift + volatility * gaussian(random));
  const wick = Math.abs(gaussian(random)) * volatility * 0.5;
  return {
    open,
    close,
    high: Math.max(open, close) * (1 + wick),
    low: Math.min(open, close) * (1 - wick),
    volume: 1_000 * (0.5 + random()),
  };
}
