import { PerformanceScore } from './performance-score.js';

describe('PerformanceScore', () => {
  it('is neutral until the window has enough returns', () => {
    const score = new PerformanceScore(10);
    for (let i = 0; i < 5; i++) score.record('a', i * 10, 1_000);
    expect(score.multiplier('a')).toBe(1);
    expect(score.multiplier('nobody')).toBe(1);
  });

  it('rewards steady gains, punishes steady losses, and is bounded', () => {
    const score = new PerformanceScore(50);
    for (let i = 0; i < 40; i++) {
      score.record('steady', i * 10 + (i % 2), 1_000);
      score.record('loser', -i * 10 - (i % 2), 1_000);
      score.record('noisy', i % 2 ? 50 : -50, 1_000);
    }
    expect(score.multiplier('steady')).toBeGreaterThan(1.5);
    expect(score.multiplier('loser')).toBeLessThan(0.7);
    expect(Math.abs(score.score('noisy'))).toBeLessThan(1);
    expect(score.multiplier('steady')).toBeLessThanOrEqual(Math.exp(0.35 * 3));
  });

  it('forgets returns that left the rolling window', () => {
    const score = new PerformanceScore(8);
    for (let i = 0; i < 20; i++) score.record('a', -i * 10 - (i % 3), 1_000);
    for (let i = 0; i < 9; i++) score.record('a', -200 + i * 10 + (i % 3), 1_000);
    expect(score.score('a')).toBeGreaterThan(0);
  });
});
