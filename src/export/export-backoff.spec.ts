import { ManualClock } from '../platform/clock.js';
import { ExportBackoff } from './export-backoff.js';

describe('ExportBackoff', () => {
  const policy = { initialMs: 1_000, maxMs: 60_000 };

  it('doubles the wait after each failure up to the cap, with jitter between half and all of it', () => {
    const low = new ExportBackoff(new ManualClock(), policy, () => 0);
    const high = new ExportBackoff(new ManualClock(), policy, () => 1);
    const lows = Array.from({ length: 9 }, () => low.failed());
    const highs = Array.from({ length: 9 }, () => high.failed());
    expect(highs).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(lows).toEqual(highs.map((ms) => ms / 2));
  });

  it('holds attempts until the wait has passed, and a success clears it', () => {
    const clock = new ManualClock(10_000);
    const backoff = new ExportBackoff(clock, policy, () => 1);
    expect(backoff.ready()).toBe(true);
    backoff.failed();
    backoff.failed();
    expect(backoff.ready()).toBe(false);
    clock.advance(1_999);
    expect(backoff.ready()).toBe(false);
    clock.advance(1);
    expect(backoff.ready()).toBe(true);
    backoff.succeeded();
    expect(backoff.consecutiveFailures).toBe(0);
    expect(backoff.failed()).toBe(1_000);
  });
});
