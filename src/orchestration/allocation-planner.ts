import type { AgentDefinition, Role, RoleDefinition } from '../config/roster.js';

export interface AllocationTarget {
  readonly agentId: string;
  /** Percentage of the portfolio, 0–100. */
  readonly targetPct: number;
  readonly capitalUsd: number;
}

export interface AllocationBounds {
  /** Least share of the portfolio an agent of the role keeps while it trades, 0–100. */
  readonly floorPct: number;
  /** Most share of the portfolio an agent of the role may have, 0–100. */
  readonly capPct: number;
}

export interface AllocationPolicy {
  /** Share of the portfolio kept in cash, never handed to an agent. */
  readonly cashReservePct: number;
  /** Target moves smaller than this (points) are ignored, so noise does not shuffle capital. */
  readonly hysteresisPct: number;
  /** Most capital one rebalance may move: half the sum of absolute target changes, in points. */
  readonly maxTurnoverPct: number;
  readonly bounds: Readonly<Record<Role, AllocationBounds>>;
}

/** Share of the portfolio kept in cash, never handed to an agent. */
export const CASH_RESERVE_PCT = 10;

export const DEFAULT_ALLOCATION_POLICY: AllocationPolicy = {
  cashReservePct: CASH_RESERVE_PCT,
  hysteresisPct: 1,
  maxTurnoverPct: 10,
  bounds: {
    hft: { floorPct: 10, capPct: 45 },
    'market-maker': { floorPct: 8, capPct: 40 },
    strategist: { floorPct: 8, capPct: 40 },
    sentiment: { floorPct: 3, capPct: 20 },
    'risk-analyst': { floorPct: 0, capPct: 0 },
    forecaster: { floorPct: 0, capPct: 0 },
  },
};

/**
 * Target shares: each trading agent's role base weight (shared between the role's agents) times its
 * performance multiplier, spread over the deployable capital (all but the cash reserve), then clamped
 * to the role's floor and cap (an agent's own, where the roster gives it one: a declared seat) with
 * the excess or shortfall spread over the others. What no agent may take (every cap reached) stays in
 * cash.
 */
export function planTargets(
  roster: readonly AgentDefinition[],
  roles: readonly RoleDefinition[],
  multipliers: ReadonlyMap<string, number>,
  policy: AllocationPolicy = DEFAULT_ALLOCATION_POLICY,
): Map<string, number> {
  const byRole = new Map(roles.map((r) => [r.role, r]));
  // Counted once: a roster of a thousand agents must not cost a million look-ups.
  const members = new Map<string, number>();
  for (const agent of roster) members.set(agent.role, (members.get(agent.role) ?? 0) + 1);
  const roleOf = new Map(roster.map((a) => [a.id, a.role]));
  const weights = new Map<string, number>();
  for (const agent of roster) {
    const role = byRole.get(agent.role);
    if (!role) throw new Error(`agent ${agent.id} has unknown role ${agent.role}`);
    const share = role.baseWeight / (members.get(agent.role) ?? 1);
    const weight = role.trades ? share * (multipliers.get(agent.id) ?? 1) : 0;
    weights.set(agent.id, Math.max(0, weight));
  }
  const own = new Map(roster.map((a) => [a.id, a.allocation]));
  // Several agents in one role share its floor: those without a floor of their own (a declared seat).
  const sharing = new Map<string, number>();
  for (const agent of roster)
    if (agent.allocation?.floorPct === undefined)
      sharing.set(agent.role, (sharing.get(agent.role) ?? 0) + 1);
  const bounds = (id: string) => {
    const role = roleOf.get(id);
    const b = role ? policy.bounds[role] : undefined;
    const count = (role && sharing.get(role)) ?? 1;
    const shared = b ? { floor: b.floorPct / count, cap: b.capPct } : { floor: 0, cap: 0 };
    const mine = own.get(id);
    return { floor: mine?.floorPct ?? shared.floor, cap: mine?.capPct ?? shared.cap };
  };
  const targets = new Map<string, number>();
  const fixed = new Map<string, number>();
  const spread = () => {
    const free = [...weights].filter(([id, w]) => w > 0 && !fixed.has(id));
    const total = free.reduce((sum, [, w]) => sum + w, 0);
    const remaining = 100 - policy.cashReservePct - [...fixed.values()].reduce((a, b) => a + b, 0);
    for (const [id, w] of free) targets.set(id, total > 0 ? (remaining * w) / total : 0);
    for (const [id, v] of fixed) targets.set(id, v);
    return free;
  };
  // Caps first (fixing one raises the others), then floors (fixing one lowers the others).
  for (const side of ['cap', 'floor'] as const) {
    for (;;) {
      const free = spread();
      const breaking = free.filter(([id]) => {
        const t = targets.get(id) ?? 0;
        return side === 'cap' ? t > bounds(id).cap : t < bounds(id).floor;
      });
      if (breaking.length === 0) break;
      for (const [id] of breaking) fixed.set(id, bounds(id)[side]);
    }
  }
  spread();
  for (const agent of roster) if (!targets.has(agent.id)) targets.set(agent.id, 0);
  return targets;
}

/**
 * Moves from the current targets toward the planned ones: not at all when no agent would move by the
 * hysteresis, and at most the turnover cap in one step. Both ends respect floors and caps, so every
 * point between does too.
 */
export function smoothTargets(
  current: ReadonlyMap<string, number>,
  planned: ReadonlyMap<string, number>,
  policy: AllocationPolicy = DEFAULT_ALLOCATION_POLICY,
): Map<string, number> {
  if (current.size === 0) return new Map(planned);
  let largest = 0;
  let moved = 0;
  for (const [id, target] of planned) {
    const change = Math.abs(target - (current.get(id) ?? 0));
    largest = Math.max(largest, change);
    moved += change;
  }
  if (largest < policy.hysteresisPct) return new Map(current);
  const turnover = moved / 2;
  const step = turnover > policy.maxTurnoverPct ? policy.maxTurnoverPct / turnover : 1;
  const next = new Map<string, number>();
  for (const [id, target] of planned) {
    const from = current.get(id) ?? 0;
    next.set(id, from + step * (target - from));
  }
  return next;
}

/** The opening split by role base weight alone, in USD of the given portfolio. */
export function planAllocation(
  roster: readonly AgentDefinition[],
  roles: readonly RoleDefinition[],
  portfolioUsd: number,
  policy: AllocationPolicy = DEFAULT_ALLOCATION_POLICY,
): AllocationTarget[] {
  const targets = planTargets(roster, roles, new Map(), policy);
  return roster.map((agent) => {
    const targetPct = targets.get(agent.id) ?? 0;
    return { agentId: agent.id, targetPct, capitalUsd: (portfolioUsd * targetPct) / 100 };
  });
}
