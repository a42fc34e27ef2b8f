import type { BreakerState } from '../../orchestration/drawdown-breaker.js';

/** What the connector has told the bot to do: trade, no new entries, or close everything too. */
export type BotStance = 'trading' | 'no-entries' | 'flat';

/** Below this much free cash in its sub-ledger the bot has spent its allocation: no new entries. */
export const MIN_STAKE_USD = 10;

/**
 * What the bot should be doing, from the breaker that governs it (the stricter of the portfolio's and its
 * own), whether that breaker's trip flattened its scope (BREAKER_MODE=flatten) and what is left of its
 * allocation: a flatten closes every trade (`forceexit all`), any other trip or a spent allocation stops
 * entries (`stopentry`), and when all is clear again it trades (`start`).
 */
export function stanceFor(
  breaker: BreakerState,
  freeCashUsd: number,
  flattened = false,
): { stance: BotStance; reason: string } {
  if (breaker !== 'ok' && flattened) return { stance: 'flat', reason: 'breaker flattens' };
  if (breaker !== 'ok') return { stance: 'no-entries', reason: `breaker ${breaker}` };
  if (freeCashUsd < MIN_STAKE_USD)
    return { stance: 'no-entries', reason: `allocation spent: ${freeCashUsd.toFixed(2)} USD free` };
  return { stance: 'trading', reason: 'breakers clear and allocation left' };
}
