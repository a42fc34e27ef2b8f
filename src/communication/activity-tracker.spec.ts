import { ActivityTracker } from './activity-tracker.js';

describe('ActivityTracker', () => {
  it('scores each participant against the mean (1 = average)', () => {
    const tracker = new ActivityTracker(3, 10_000, 0);
    for (let k = 0; k < 30; k++) tracker.record(0);
    for (let k = 0; k < 10; k++) tracker.record(1);
    for (let k = 0; k < 20; k++) tracker.record(2);
    tracker.tick(1_000);
    expect(tracker.scoreOf(0)).toBeCloseTo(1.5, 9);
    expect(tracker.scoreOf(1)).toBeCloseTo(0.5, 9);
    expect(tracker.scoreOf(2)).toBeCloseTo(1, 9);
  });

  it('lets a burst decay once the participant goes quiet', () => {
    const tracker = new ActivityTracker(2, 5_000, 0);
    for (let k = 0; k < 100; k++) tracker.record(0);
    tracker.tick(1_000);
    const peak = tracker.rateOf(0);
    for (let t = 2; t <= 20; t++) {
      tracker.record(1);
      tracker.tick(t * 1_000);
    }
    expect(tracker.rateOf(0)).toBeLessThan(peak * 0.05);
    expect(tracker.scoreOf(0)).toBeLessThan(tracker.scoreOf(1));
  });

  it('scores nobody while nothing has been said', () => {
    const tracker = new ActivityTracker(2, 5_000, 0);
    tracker.tick(1_000);
    expect([tracker.scoreOf(0), tracker.scoreOf(1)]).toEqual([0, 0]);
  });
});
