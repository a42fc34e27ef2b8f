import type { Role } from '../../config/roster.js';

/** The roles an LLM agent driven by ReasonerStrategy can play. */
export const REASONER_ROLES = ['strategist', 'risk-analyst'] as const;
export type ReasonerRole = (typeof REASONER_ROLES)[number];

export function isReasonerRole(role: Role): role is ReasonerRole {
  return (REASONER_ROLES as readonly Role[]).includes(role);
}
