import type { BreakerDto } from '../../orchestration/portfolio.dto.js';
import { PORTFOLIO_BREAKER } from '../../orchestration/drawdown-breaker.js';

/** What the connector has told the bot to do: trade, no new entries, or close everything too. */
export type BotStance = 'trading' | 'no-entries' | 'flat';

/** Below this much free cash in its sub-ledger the bot has spent its allocation: no new entries. */
export const MIN_STAKE_USD = 10;

/**
 * What the bot should be doing, from the breakers that cover it (the portfolio's and its own) and what is
 * left of its allocation: a flatten trip closes every trade (`forceexit all`), any other trip or a spent
 * allocation stops entries (`stopentry`), and when all is clear again it trades (`start`).
 */
export function stanceFor(
  agentId: string,
  breakers: readonly BreakerDto[],
  freeCashUsd: number,
): { stance: BotStance; reason: string } {
  const covering = breakers.filter((b) => b.id === PORTFOLIO_BREAKER || b.id === agentId);
  const flatten = covering.find((b) => (b.state as string) === 'flatten');
  if (flatten)
    return { stance: 'flat', reason: `breaker ${flatten.id} flattens: ${flatten.reason}` };
  const tripped = covering.find((b) => b.state !== 'ok');
  if (tripped)
    return {
      stance: 'no-entries',
      reason: `breaker ${tripped.id} ${tripped.state}: ${tripped.reason}`,
    };
  if (freeCashUsd < MIN_STAKE_USD)
    return { stance: 'no-entries', reason: `allocation spent: ${freeCashUsd.toFixed(2)} USD free` };
  return { stance: 'trading', reason: 'breakers clear and allocation left' };
}
