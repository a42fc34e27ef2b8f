import { SEED_ROLES, SEED_ROSTER } from '../config/roster.js';
import { DEFAULT_ALLOCATION_POLICY } from './allocation-planner.js';
import type { EngineSettings } from './engine-contract.js';

/** Engine settings for tests: the seed roster with the defaults an operator starts from. */
export function testEngineSettings(overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    roster: SEED_ROSTER,
    roles: SEED_ROLES,
    policy: DEFAULT_ALLOCATION_POLICY,
    limits: {
      maxGrossExposurePct: 90,
      maxSymbolExposurePct: 35,
      maxOrdersPerMinute: 120,
      costBufferBps: 9.5,
    },
    breakerMode: 'halted',
    flattenOnTrip: false,
    portfolioMaxDrawdownPct: 20,
    agentMaxDrawdownPct: 30,
    portfolioWarningPct: 15,
    agentWarningPct: 22.5,
    allocationMode: 'performance',
    reducePositions: true,
    feeBps: 7.5,
    driftBoundPct: 5,
    performanceWindow: 360,
    crossingWindowMs: 60_000,
    ...overrides,
  };
}
