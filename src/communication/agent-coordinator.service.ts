import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../platform/clock.js';
import { Outbox } from '../platform/outbox.js';
import { AgentBus } from './agent-bus.js';
import type { ActivityReportDto, AgentActivityDto } from './agent-activity.dto.js';
import { CommunicationError } from './communication.error.js';
import { MessageJournal } from './message-journal.js';
import { ORCHESTRATOR_ID } from './message-envelope.js';
import { ParticipationThresholdRepository } from './participation-threshold.repository.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from './routing-table.js';

/** How often activity rates are folded into scores. */
export const ACTIVITY_TICK_MS = 1_000;
export const ACTIVITY_WINDOW_MS = 60_000;

const ORCHESTRATOR_BUDGET = { capacity: 1_000, refillPerSecond: 1_000, cooldownMs: 0 };

/**
 * Owns the agent bus: builds it from the roster, restores admin-set thresholds, journals traffic for
 * export, and answers what operators ask about activity.
 */
@Injectable()
export class AgentCoordinator implements OnModuleInit, OnModuleDestroy {
  readonly bus: AgentBus;
  private timer: NodeJS.Timeout | undefined;
  private readonly logger = new Logger(AgentCoordinator.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly thresholds: ParticipationThresholdRepository,
    outbox: Outbox,
  ) {
    this.bus = new AgentBus({
      participants: this.participants(),
      roles: config.roles,
      clock,
      mcpEnabled: config.communication.mcpEnabled,
      activityWindowMs: ACTIVITY_WINDOW_MS,
      onHandlerError: (id, error) =>
        this.logger.error(
          `handler of ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    const journal = new MessageJournal(outbox);
    this.bus.tap((message, outcome) => journal.record(message, outcome));
  }

  onModuleInit(): void {
    for (const [agentId, threshold] of this.thresholds.loadAll()) {
      if (this.isAgent(agentId)) this.bus.setParticipationThreshold(agentId, threshold);
    }
    this.timer = setInterval(() => this.bus.activity.tick(this.clock.now()), ACTIVITY_TICK_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  isAgent(agentId: string): boolean {
    return agentId !== ORCHESTRATOR_ID && this.bus.has(agentId);
  }

  participationThreshold(agentId: string): number {
    this.assertAgent(agentId);
    return this.bus.participationThreshold(agentId);
  }

  /** Validates, persists, then applies: the change is acknowledged only once it is on disk. */
  setParticipationThreshold(agentId: string, threshold: number): number {
    this.assertAgent(agentId);
    const previous = this.bus.participationThreshold(agentId);
    this.bus.setParticipationThreshold(agentId, threshold);
    try {
      this.thresholds.save(agentId, threshold, this.clock.now());
    } catch (error) {
      this.bus.setParticipationThreshold(agentId, previous);
      throw error;
    }
    this.logger.log(`participation threshold of ${agentId}: ${previous} -> ${threshold}`);
    return threshold;
  }

  activity(): ActivityReportDto {
    const { bus } = this;
    const c = bus.counters;
    const agents = this.config.roster.map((agent): AgentActivityDto => {
      const i = bus.indexOf(agent.id);
      return {
        agentId: agent.id,
        role: agent.role,
        activityScore: bus.activity.scoreOf(i),
        messagesPerSecond: bus.activity.rateOf(i),
        sent: c.sent[i],
        delivered: c.delivered[i],
        throttled: c.throttled[i],
        filtered: c.filtered[i],
        dropped: c.dropped[i],
        rejected: c.rejected[i],
        participationThreshold: bus.participationThreshold(agent.id),
        lastSeenAt: c.lastSeenAt[i] > 0 ? new Date(c.lastSeenAt[i]).toISOString() : null,
      };
    });
    return {
      agents,
      throttledSignalRatio: c.signalsAttempted > 0 ? c.signalsThrottled / c.signalsAttempted : 0,
      messageReduction: c.baselineDeliveries > 0 ? 1 - c.agentDeliveries / c.baselineDeliveries : 0,
      windowSeconds: ACTIVITY_WINDOW_MS / 1000,
      mcpEnabled: bus.mcpEnabled,
    };
  }

  private assertAgent(agentId: string): void {
    if (!this.isAgent(agentId)) throw CommunicationError.unknownAgent(agentId);
  }

  private participants(): BusParticipant[] {
    const roles = new Map(this.config.roles.map((r) => [r.role, r]));
    const orchestrator: BusParticipant = {
      id: ORCHESTRATOR_ID,
      role: ORCHESTRATOR_ROLE,
      symbols: [],
      threshold: 0,
      throttle: ORCHESTRATOR_BUDGET,
    };
    return [
      orchestrator,
      ...this.config.roster.map((agent) => {
        const role = roles.get(agent.role);
        if (!role) throw new Error(`agent ${agent.id} has unknown role ${agent.role}`);
        return {
          id: agent.id,
          role: agent.role,
          symbols: agent.symbols,
          threshold: role.defaultThreshold,
          throttle: role.throttle,
        };
      }),
    ];
  }
}
