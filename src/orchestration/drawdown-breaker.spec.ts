import { DrawdownBreaker, stricter } from './drawdown-breaker.js';

describe('DrawdownBreaker', () => {
  it('trips when PnL falls the limit from its peak, in the configured mode', () => {
    const breaker = new DrawdownBreaker('a', 10, 'reduce-only');
    expect(breaker.observe(0, 1_000, 1)).toBe(false);
    expect(breaker.observe(100, 1_000, 2)).toBe(false); // peak: equity 1,100
    expect(breaker.observe(-9, 1_000, 3)).toBe(false); // 109 / 1,100 = 9.9%
    expect(breaker.observe(-10, 1_000, 4)).toBe(true); // 110 / 1,100 = 10%
    expect(breaker.snapshot()).toMatchObject({
      state: 'reduce-only',
      trippedAt: 4,
      peakPnlUsd: 100,
    });
    expect(breaker.snapshot().reason).toMatch(/drawdown 10\.00% reached the 10% limit/);
  });

  it('stays tripped when the market recovers, until reset, and measures afresh after', () => {
    const breaker = new DrawdownBreaker('a', 5, 'halted');
    breaker.observe(0, 100, 1);
    breaker.observe(-6, 100, 2);
    expect(breaker.observe(50, 100, 3)).toBe(false);
    expect(breaker.state).toBe('halted');
    breaker.reset();
    expect(breaker.snapshot()).toMatchObject({
      state: 'ok',
      reason: null,
      trippedAt: null,
      peakPnlUsd: 50,
    });
    expect(breaker.observe(46, 100, 4)).toBe(false);
  });

  it('restores a tripped state, and after a reset before any observation rebases on the next one', () => {
    const saved = {
      id: 'p',
      state: 'halted' as const,
      reason: 'admin',
      trippedAt: 7,
      peakPnlUsd: 500,
    };
    const breaker = new DrawdownBreaker('p', 5, 'reduce-only', saved);
    expect(breaker.snapshot()).toEqual(saved);
    breaker.reset();
    expect(breaker.observe(-100, 1_000, 8)).toBe(false);
    expect(breaker.drawdownPct()).toBe(0);
  });

  it('an admin trip halts whatever the mode', () => {
    const breaker = new DrawdownBreaker('p', 5, 'reduce-only');
    breaker.trip('exchange incident', 9, 'halted');
    expect(breaker.snapshot()).toMatchObject({ state: 'halted', reason: 'exchange incident' });
  });

  it('orders states by strictness', () => {
    expect(stricter('ok', 'reduce-only')).toBe('reduce-only');
    expect(stricter('halted', 'reduce-only')).toBe('halted');
    expect(stricter('ok', 'ok')).toBe('ok');
  });
});
