import { SEED_ROLES, SEED_ROSTER } from '../config/roster.js';
import {
  CASH_RESERVE_PCT,
  DEFAULT_ALLOCATION_POLICY,
  planAllocation,
  planTargets,
  smoothTargets,
} from './allocation-planner.js';

describe('planAllocation', () => {
  const plan = planAllocation(SEED_ROSTER, SEED_ROLES, 100_000);
  const pct = (id: string) => plan.find((a) => a.agentId === id)?.targetPct ?? NaN;

  it('keeps the cash reserve and allocates the rest', () => {
    expect(plan.reduce((sum, a) => sum + a.targetPct, 0)).toBeCloseTo(100 - CASH_RESERVE_PCT, 9);
    expect(plan.reduce((sum, a) => sum + a.capitalUsd, 0)).toBeCloseTo(90_000, 6);
  });

  it('splits by role base weight, and gives nothing to roles that do not trade', () => {
    // hft 0.30, market-maker 0.25, strategist 0.25, sentiment 0.10 → of 0.90 total weight.
    expect(pct('freqtrade-hft')).toBeCloseTo((0.3 / 0.9) * 90, 9);
    expect(pct('hummingbot-mm')).toBeCloseTo((0.25 / 0.9) * 90, 9);
    expect(pct('fingpt')).toBeCloseTo((0.1 / 0.9) * 90, 9);
    expect(pct('qwen')).toBe(0);
    expect(pct('lag-llama')).toBe(0);
  });

  it('shares a role’s weight between its agents', () => {
    const roster = [
      ...SEED_ROSTER,
      { id: 'second-hft', role: 'hft' as const, driver: 'momentum' as const, symbols: ['BTCUSDT'] },
    ];
    const shared = planAllocation(roster, SEED_ROLES, 100_000);
    const hft = shared.filter((a) => a.agentId.includes('hft'));
    expect(hft[0].targetPct).toBeCloseTo(hft[1].targetPct, 12);
    expect(hft[0].targetPct + hft[1].targetPct).toBeCloseTo(pct('freqtrade-hft'), 9);
  });

  it('holds a declared seat within its own floor and cap, not its role’s', () => {
    const seat = (
      allocation: { floorPct?: number; capPct?: number },
      multipliers = new Map<string, number>(),
    ) =>
      planTargets(
        [...SEED_ROSTER, { id: 'seat', role: 'strategist', symbols: [], allocation }],
        SEED_ROLES,
        multipliers,
      );
    // Unbounded, the seat and deepseek-v3 split the strategist weight: 12.5 points each.
    expect(seat({ capPct: 5 }).get('seat')).toBeCloseTo(5, 9);
    expect(seat({ floorPct: 20 }).get('seat')).toBeCloseTo(20, 9);
    const capped = seat({ floorPct: 1, capPct: 5 });
    expect([...capped.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(90, 9);
    // A poor deepseek-v3 falls to the whole strategist floor (8), not half: the seat has its own.
    const poor = new Map([['deepseek-v3', 0.01]]);
    expect(seat({ floorPct: 2 }, poor).get('deepseek-v3')).toBeCloseTo(8, 9);
  });

  it('refuses an agent with an unknown role', () => {
    const roster = [{ id: 'x', role: 'oracle' as never, driver: 'momentum' as const, symbols: [] }];
    expect(() => planAllocation(roster, SEED_ROLES, 1)).toThrow('agent x has unknown role oracle');
  });
});

describe('planTargets and smoothTargets', () => {
  const policy = DEFAULT_ALLOCATION_POLICY;

  it('tilts toward a better agent, within its cap, and keeps a worse one at its floor', () => {
    const targets = planTargets(
      SEED_ROSTER,
      SEED_ROLES,
      new Map([
        ['freqtrade-hft', 3],
        ['fingpt', 0.01],
      ]),
    );
    expect(targets.get('freqtrade-hft')).toBe(policy.bounds.hft.capPct);
    expect(targets.get('fingpt')).toBe(policy.bounds.sentiment.floorPct);
    const total = [...targets.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(100 - policy.cashReservePct, 9);
    // The others share the rest by their weights (equal here).
    const rest =
      100 - policy.cashReservePct - policy.bounds.hft.capPct - policy.bounds.sentiment.floorPct;
    expect(targets.get('hummingbot-mm')).toBeCloseTo(rest / 2, 9);
    expect(targets.get('deepseek-v3')).toBeCloseTo(rest / 2, 9);
  });

  it('leaves in cash what no agent may take once every cap is reached', () => {
    const roster = SEED_ROSTER.filter((a) => a.id === 'fingpt');
    expect(planTargets(roster, SEED_ROLES, new Map()).get('fingpt')).toBe(
      policy.bounds.sentiment.capPct,
    );
  });

  it('ignores moves under the hysteresis and caps the turnover of one step', () => {
    const current = new Map([
      ['a', 30],
      ['b', 30],
    ]);
    expect(
      smoothTargets(
        current,
        new Map([
          ['a', 30.5],
          ['b', 29.5],
        ]),
      ),
    ).toEqual(current);
    const step = smoothTargets(
      current,
      new Map([
        ['a', 50],
        ['b', 10],
      ]),
    );
    expect(step.get('a')).toBeCloseTo(30 + policy.maxTurnoverPct, 9);
    expect(step.get('b')).toBeCloseTo(30 - policy.maxTurnoverPct, 9);
    expect(smoothTargets(new Map(), current)).toEqual(current);
  });
});
