import type { AgentDefinition, RoleDefinition } from '../config/roster.js';

export interface AllocationTarget {
  readonly agentId: string;
  /** Percentage of the portfolio, 0–100. */
  readonly targetPct: number;
  readonly capitalUsd: number;
}

/** Share of the portfolio kept in cash, never handed to an agent. */
export const CASH_RESERVE_PCT = 10;

/**
 * Splits the deployable capital (all but the cash reserve) across the agents by their role's base
 * weight, shared equally between agents of one role. Roles that do not trade get nothing.
 */
export function planAllocation(
  roster: readonly AgentDefinition[],
  roles: readonly RoleDefinition[],
  portfolioUsd: number,
): AllocationTarget[] {
  const byRole = new Map(roles.map((r) => [r.role, r]));
  const weightOf = (agent: AgentDefinition) => {
    const role = byRole.get(agent.role);
    if (!role) throw new Error(`agent ${agent.id} has unknown role ${agent.role}`);
    const members = roster.filter((a) => a.role === agent.role).length;
    return role.trades ? role.baseWeight / members : 0;
  };
  const total = roster.reduce((sum, agent) => sum + weightOf(agent), 0);
  const deployablePct = 100 - CASH_RESERVE_PCT;
  return roster.map((agent) => {
    const targetPct = total > 0 ? (weightOf(agent) / total) * deployablePct : 0;
    return { agentId: agent.id, targetPct, capitalUsd: (portfolioUsd * targetPct) / 100 };
  });
}
