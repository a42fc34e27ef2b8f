import { monthRange, performanceFigures } from './monthly-report.js';

const HOUR = 3_600_000;

describe('performanceFigures', () => {
  it('compounds period returns on the capital at the start of each period', () => {
    const marks = [
      { ts: 0, pnlUsd: 0, capitalUsd: 1_000 },
      { ts: HOUR, pnlUsd: 100, capitalUsd: 1_000 }, // +10%
      { ts: 2 * HOUR, pnlUsd: -10, capitalUsd: 1_000 }, // −10%
    ];
    const f = performanceFigures('a', marks, { feesUsd: 3, tradedUsd: 2_000 });
    expect(f.returnPct).toBeCloseTo(-1, 9);
    expect(f.maxDrawdownPct).toBeCloseTo(10, 9);
    expect(f.turnover).toBeCloseTo(2, 9);
    expect(f.feesUsd).toBe(3);
    expect(f.vsTargetPct).toBeCloseTo(-16, 9);
    expect(f.metTarget).toBe(false);
    expect(f.volatilityPct).toBeCloseTo(Math.sqrt(0.02) * Math.sqrt(2) * 100, 6);
    expect(f.sharpe).toBeCloseTo(0, 9);
  });

  it('meets the target at 15%, and has no Sharpe without variation', () => {
    const marks = [
      { ts: 0, pnlUsd: 0, capitalUsd: 100 },
      { ts: HOUR, pnlUsd: 15, capitalUsd: 100 },
    ];
    const f = performanceFigures('a', marks, { feesUsd: 0, tradedUsd: 0 });
    expect(f.returnPct).toBeCloseTo(15, 9);
    expect(f.metTarget).toBe(true);
    expect(f.sharpe).toBeNull();
  });

  it('maps a month to its UTC range', () => {
    expect(monthRange('2021-05')).toEqual({
      start: Date.UTC(2021, 4, 1),
      end: Date.UTC(2021, 5, 1),
    });
    expect(monthRange('2021-12').end).toBe(Date.UTC(2022, 0, 1));
  });
});
