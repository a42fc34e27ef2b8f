import type { AppConfig } from '../config/app-config.js';
import { DEFAULT_ALLOCATION_POLICY } from './allocation-planner.js';
import type { EngineSettings } from './portfolio-engine.js';

/** Performance samples in the rolling window: an hour of 10-second snapshots. */
export const PERFORMANCE_WINDOW_SAMPLES = 360;
/** Opposite fills of two agents on one symbol this close together count as trading against each other. */
export const CROSSING_WINDOW_MS = 60_000;

/** The engine's settings from the validated configuration. */
export function engineSettings(config: AppConfig): EngineSettings {
  const p = config.portfolio;
  return {
    roster: config.roster,
    roles: config.roles,
    policy: DEFAULT_ALLOCATION_POLICY,
    limits: {
      maxGrossExposurePct: p.maxGrossExposurePct,
      maxSymbolExposurePct: p.maxSymbolExposurePct,
      maxOrdersPerMinute: p.maxOrdersPerMinute,
      costBufferBps: config.trading.paperFeeBps + config.trading.paperSlippageBps,
    },
    breakerMode: p.breakerMode === 'halt' ? 'halted' : 'reduce-only',
    portfolioMaxDrawdownPct: p.maxDrawdownPct,
    agentMaxDrawdownPct: p.agentMaxDrawdownPct,
    feeBps: config.trading.paperFeeBps,
    driftBoundPct: p.rebalanceDriftPct,
    performanceWindow: PERFORMANCE_WINDOW_SAMPLES,
    crossingWindowMs: CROSSING_WINDOW_MS,
  };
}
