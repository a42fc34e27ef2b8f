import { TokenBuckets } from './token-buckets.js';

describe('TokenBuckets', () => {
  const budget = { capacity: 3, refillPerMinute: 60, cooldownMs: 2_000 };

  it('allows a burst up to capacity, then throttles', () => {
    const buckets = new TokenBuckets([budget], 0);
    expect([1, 2, 3, 4].map(() => buckets.take(0, 0))).toEqual([true, true, true, false]);
  });

  it('keeps a dry bucket throttled for the cooldown, then lets the agent resume', () => {
    const buckets = new TokenBuckets([budget], 0);
    for (let k = 0; k < 4; k++) buckets.take(0, 0);
    expect(buckets.isCoolingDown(0, 1_000)).toBe(true);
    expect(buckets.take(0, 1_500)).toBe(false);
    expect(buckets.take(0, 2_000)).toBe(true);
    expect(buckets.take(0, 2_000)).toBe(true);
    expect(buckets.take(0, 2_000)).toBe(false);
  });

  it('refills at the configured rate, never above capacity', () => {
    const buckets = new TokenBuckets([budget], 0);
    buckets.take(0, 0);
    buckets.take(0, 0);
    buckets.take(0, 1_000);
    expect(buckets.available(0)).toBeCloseTo(1);
    buckets.take(0, 60_000);
    expect(buckets.available(0)).toBeCloseTo(2);
  });

  it('refills more slowly when its refill factor is lowered', () => {
    const buckets = new TokenBuckets([budget, budget], 0);
    buckets.refillFactor[1] = 0.5;
    for (const i of [0, 1]) for (let k = 0; k < 3; k++) buckets.take(i, 0);
    buckets.take(0, 1_000);
    buckets.take(1, 1_000);
    expect(buckets.available(0)).toBeCloseTo(0);
    expect(buckets.available(1)).toBeCloseTo(0.5);
  });
});
