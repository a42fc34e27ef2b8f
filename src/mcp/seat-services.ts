import type { AgentModels } from '../agents/agent-models.service.js';
import type { GuidanceService } from '../orchestration/guidance.service.js';
import type { McpCounters } from './mcp-counters.js';
import type { SeatDesk } from './seat-desk.service.js';
import type { SeatViews } from './seat-views.js';

/** What the tools and resources of a seat work with. */
export interface SeatServices {
  readonly desk: SeatDesk;
  readonly views: SeatViews;
  readonly guidance: GuidanceService;
  readonly counters: McpCounters;
  readonly models: AgentModels;
}
