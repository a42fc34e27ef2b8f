import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MESSAGE_TYPES, type MessageType } from '../config/roster.js';
import { Clock, Monotonic } from '../platform/clock.js';
import { Outbox } from '../platform/outbox.js';
import { PendingWork } from '../platform/pending-work.js';
import type { CancelTask } from '../platform/scheduler.js';
import { Scheduler } from '../platform/scheduler.js';
import type { ActivityReportDto, AgentActivityDto } from './agent-activity.dto.js';
import { AgentBus, type PublishOutcome } from './agent-bus.js';
import { BUS_OUTCOMES, type BusOutcome } from './bus-counters.js';
import { CommunicationError } from './communication.error.js';
import { ExternalPresence } from './external-presence.js';
import { MessageJournal } from './message-journal.js';
import { ORCHESTRATOR_ID, type MessageEnvelope } from './message-envelope.js';
import { ParticipationThresholdRepository } from './participation-threshold.repository.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from './routing-table.js';

/**
 * The coordinator's policies in market time. Activity is folded into scores every 5 minutes (every bar
 * of 5-minute data) with a six-hour time constant: agents speak in bursts (a crossing, a burst of
 * forecasts), and at live pace an hour's window let one burst read as "twice the average" for over an
 * hour on the bundled month (scores to 3.2); six hours keeps the balance about sustained activity
 * (highest score 1.95) while a real flood still shows within the hour.
 */
export const ACTIVITY_TICK_MS = 5 * 60_000;
export const ACTIVITY_WINDOW_MS = 6 * 60 * 60_000;
/** An agent must stay under its floor this long (after a warm-up of one window) before it counts. */
export const FLOOR_GRACE_MS = 60 * 60_000;
/** How often each agent's activity is written to the outbox for export. */
export const ACTIVITY_EXPORT_MS = 60 * 60_000;

const ORCHESTRATOR_BUDGET = { capacity: 1_000, refillPerMinute: 60_000, cooldownMs: 0 };

/**
 * Owns the agent bus: builds it from the roster, restores admin-set thresholds, runs its policies on a
 * schedule, journals traffic for export, and answers what operators ask about activity.
 */
@Injectable()
export class AgentCoordinator implements OnModuleInit, OnModuleDestroy {
  readonly bus: AgentBus;
  private readonly cancels: CancelTask[] = [];
  private readonly logger = new Logger(AgentCoordinator.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly thresholds: ParticipationThresholdRepository,
    private readonly outbox: Outbox,
    private readonly presence: ExternalPresence,
    monotonic: Monotonic,
    private readonly pending: PendingWork,
  ) {
    this.bus = new AgentBus({
      participants: this.participants(),
      roles: config.roles,
      clock,
      mcpEnabled: config.communication.mcpEnabled,
      autoTune: config.communication.autoTune,
      activityWindowMs: ACTIVITY_WINDOW_MS,
      floorGraceMs: FLOOR_GRACE_MS,
      monotonic,
      onHandlerError: (id, error) =>
        this.logger.error(
          `handler of ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    const journal = new MessageJournal(outbox);
    this.bus.tap((message, outcome) => journal.record(message, outcome));
  }

  onModuleInit(): void {
    this.pending.addSource(this.bus);
    for (const [agentId, admin] of this.thresholds.loadAll()) {
      if (this.isAgent(agentId))
        this.bus.setParticipationThreshold(agentId, admin.threshold, admin.autoTuneBand);
    }
    this.cancels.push(
      this.scheduler.every(ACTIVITY_TICK_MS, () => this.bus.tick(this.clock.now())),
      this.scheduler.every(ACTIVITY_EXPORT_MS, () => this.exportActivity()),
    );
  }

  onModuleDestroy(): void {
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  isAgent(agentId: string): boolean {
    return agentId !== ORCHESTRATOR_ID && this.bus.has(agentId);
  }

  participationThreshold(agentId: string): number {
    this.assertAgent(agentId);
    return this.bus.participationThreshold(agentId);
  }

  /**
   * Validates, persists, then applies: the change is acknowledged only once it is on disk. Auto-tuning
   * then moves the threshold only within ± `autoTuneBand` (0 = pinned where the admin put it).
   */
  setParticipationThreshold(agentId: string, threshold: number, autoTuneBand = 0): number {
    this.assertAgent(agentId);
    const previous = this.bus.participationThreshold(agentId);
    this.bus.setParticipationThreshold(agentId, threshold, autoTuneBand);
    this.thresholds.save(agentId, { threshold, autoTuneBand }, this.clock.now());
    this.logger.log(
      `participation threshold of ${agentId}: ${previous} -> ${threshold} (band ±${autoTuneBand})`,
    );
    return threshold;
  }

  /** The market's realised volatility per bar, for auto-tuning (fed by whoever watches the market). */
  observeMarketVolatility(volatility: number): void {
    this.bus.tuner.observeVolatility(volatility);
  }

  /**
   * Publishes on the bus and says what became of it: the bus's outcome, and how many agents it was
   * queued for or filtered out for (relevance under their participation threshold).
   */
  publishWithReceipt(message: MessageEnvelope): PublishReceipt {
    const c = this.bus.counters;
    const skip = this.bus.indexOf(ORCHESTRATOR_ID);
    const delivered = sumExcept(c.delivered, skip);
    const filtered = sumExcept(c.filtered, skip);
    const outcome = this.bus.publish(message);
    return {
      outcome,
      delivered: sumExcept(c.delivered, skip) - delivered,
      filtered: sumExcept(c.filtered, skip) - filtered,
    };
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
        messagesPerMinute: bus.activity.rateOf(i),
        sent: c.sent[i],
        delivered: c.delivered[i],
        throttled: c.throttled[i],
        filtered: c.filtered[i],
        coalesced: c.coalesced[i],
        dropped: c.dropped[i],
        rejected: c.rejected[i],
        participationThreshold: bus.participationThreshold(agent.id),
        floor: bus.tuner.floorOf(i),
        belowFloor: bus.tuner.belowFloor[i] === 1,
        slowed: bus.isSlowed(agent.id),
        connected: this.presence.isConnected(agent.id),
        lastSeenAt: c.lastSeenAt[i] > 0 ? new Date(c.lastSeenAt[i]).toISOString() : null,
      };
    });
    return {
      agents,
      throttledSignalRatio: c.signalsAttempted > 0 ? c.signalsThrottled / c.signalsAttempted : 0,
      messageReduction: c.baselineDeliveries > 0 ? 1 - c.agentDeliveries / c.baselineDeliveries : 0,
      baselineDeliveries: c.baselineDeliveries,
      deliveries: c.agentDeliveries,
      windowSeconds: ACTIVITY_WINDOW_MS / 1000,
      mcpEnabled: bus.mcpEnabled,
      autoTune: bus.tuner.autoTune,
      marketRegime: bus.tuner.regime(),
    };
  }

  /** Messages since the start by type and outcome (published, throttled, delivered, filtered, …). */
  messagesByType(): Record<MessageType, Record<BusOutcome, number>> {
    const c = this.bus.counters;
    return Object.fromEntries(
      MESSAGE_TYPES.map((type, t) => [
        type,
        Object.fromEntries(BUS_OUTCOMES.map((outcome) => [outcome, c.typeCount(t, outcome)])),
      ]),
    ) as Record<MessageType, Record<BusOutcome, number>>;
  }

  private exportActivity(): void {
    const ts = this.clock.now();
    for (const a of this.activity().agents) {
      this.outbox.append('agent_activity', {
        ts,
        agentId: a.agentId,
        role: a.role,
        activityScore: a.activityScore,
        sent: a.sent,
        delivered: a.delivered,
        throttled: a.throttled,
        filtered: a.filtered,
        coalesced: a.coalesced,
        dropped: a.dropped,
        participationThreshold: a.participationThreshold,
      });
    }
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
      ...this.config.roster.map((agent): BusParticipant => {
        const role = roles.get(agent.role);
        if (!role) throw new Error(`agent ${agent.id} has unknown role ${agent.role}`);
        const threshold = agent.threshold ?? role.defaultThreshold;
        const { min, max } = role.thresholdBounds;
        return {
          id: agent.id,
          role: agent.role,
          symbols: agent.symbols,
          threshold,
          // A seat's own threshold stays within reach of auto-tuning.
          thresholdBounds: { min: Math.min(min, threshold), max: Math.max(max, threshold) },
          floor: role.floor,
          throttle: role.throttle,
        };
      }),
    ];
  }
}

export interface PublishReceipt {
  readonly outcome: PublishOutcome;
  readonly delivered: number;
  readonly filtered: number;
}

function sumExcept(counts: Float64Array, skip: number): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) if (i !== skip) sum += counts[i];
  return sum;
}
