import type { AgentContext } from '../agent-driver.js';

/** An idle agent still shows up: the coordinator sees one heartbeat per this many ticks. */
export const HEARTBEAT_EVERY_TICKS = 20;

/** Beats on the first tick and every HEARTBEAT_EVERY_TICKS after; `tickIndex` counts from 0. */
export function beatIfDue(tickIndex: number, context: AgentContext): void {
  if (tickIndex % HEARTBEAT_EVERY_TICKS === 0) context.publish({ type: 'heartbeat' });
}
