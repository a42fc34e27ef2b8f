import type { AgentContext } from '../agent-driver.js';
import { barsIn, MINUTE_MS, TUNED_BAR_MS } from '../market/bar-time.js';

/** An idle agent still shows up: the coordinator sees one heartbeat per this much market time. */
export const HEARTBEAT_EVERY_MS = 100 * MINUTE_MS;
/** The same on 5-minute bars. */
export const HEARTBEAT_EVERY_TICKS = barsIn(HEARTBEAT_EVERY_MS, TUNED_BAR_MS);

/** Beats on the first tick and every HEARTBEAT_EVERY_MS of bars after; `tickIndex` counts from 0. */
export function beatIfDue(tickIndex: number, context: AgentContext): void {
  if (tickIndex % barsIn(HEARTBEAT_EVERY_MS, context.barMs) === 0)
    context.publish({ type: 'heartbeat' });
}
