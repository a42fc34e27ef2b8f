import { returnFigures } from './return-figures.js';

const HOUR = 3_600_000;
const curve = (equity: number[], pnl = equity.map((e) => e - equity[0])) => ({
  ts: equity.map((_, i) => Date.UTC(2024, 0, 1) + i * HOUR),
  equityUsd: equity,
  pnlUsd: pnl,
});

describe('return figures', () => {
  it('dates the deepest drawdown from its peak to its trough', () => {
    const f = returnFigures(curve([100, 110, 99, 88, 120, 114]), HOUR);
    expect(f.returnPct).toBeCloseTo(14, 9);
    expect(f.maxDrawdownPct).toBeCloseTo(20, 9);
    expect(f.drawdownPeakAt).toBe('2024-01-01T01:00:00.000Z');
    expect(f.drawdownTroughAt).toBe('2024-01-01T03:00:00.000Z');
  });

  it('annualises by the square root of bars per year, and Sortino counts only losing bars', () => {
    const equity = [100, 101, 100.5, 102, 101, 103];
    const returns = equity.slice(1).map((e, i) => e / equity[i] - 1);
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
    const downside = Math.sqrt(
      returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / returns.length,
    );
    const f = returnFigures(curve(equity), HOUR);
    expect(f.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365 * 24), 9);
    expect(f.sortino).toBeCloseTo((mean / downside) * Math.sqrt(365 * 24), 9);
    expect(f.volatilityPct).toBeCloseTo(sd * Math.sqrt(365 * 24) * 100, 9);
  });

  it('does not count capital moved in by a rebalance as return', () => {
    // 100 → 110 in a step that added 10 of capital and made nothing: pnl stays flat.
    const f = returnFigures(curve([100, 110, 110], [0, 0, 0]), HOUR);
    expect(f.returnPct).toBe(0);
    expect(f.sharpe).toBeNull();
  });
});
