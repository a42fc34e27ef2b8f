import type { AppConfig } from '../config/app-config.js';
import { DEFAULT_ALLOCATION_POLICY } from './allocation-planner.js';
import type { EngineSettings } from './engine-contract.js';

/**
 * The scheduled rebalance: once a market day, at 00:00 UTC, toward the performance-weighted targets;
 * between them a drift past `REBALANCE_DRIFT_PCT` rebalances at once.
 */
export const REBALANCE_INTERVAL_MS = 24 * 60 * 60_000;
/**
 * A performance sample and a drift check: every 15 minutes of market time, on the quarter hour.
 * (Breakers do not wait for it: the portfolio re-evaluates them on every mark and every fill.)
 */
export const SAMPLE_INTERVAL_MS = 15 * 60_000;
/** The exported `portfolio_snapshots` and the report's marks: every market hour, on the hour. */
export const SNAPSHOT_INTERVAL_MS = 60 * 60_000;

/** Opposite fills of two agents on one symbol this close together in market time count as trading against each other. */
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
    breakerMode: p.breakerMode === 'reduce-only' ? 'reduce-only' : 'halted',
    flattenOnTrip: p.breakerMode === 'flatten',
    portfolioMaxDrawdownPct: p.maxDrawdownPct,
    agentMaxDrawdownPct: p.agentMaxDrawdownPct,
    portfolioWarningPct: p.drawdownWarningPct,
    agentWarningPct: p.agentDrawdownWarningPct,
    allocationMode: p.allocationPolicy,
    reducePositions: p.reducePositions,
    feeBps: config.trading.paperFeeBps,
    driftBoundPct: p.rebalanceDriftPct,
    // One sample every 15 minutes over the window.
    performanceWindow: Math.max(1, Math.round(p.allocationWindowMs / SAMPLE_INTERVAL_MS)),
    crossingWindowMs: CROSSING_WINDOW_MS,
  };
}
