import type { RoleDefinition } from '../config/roster.js';
import type { Clock } from '../platform/clock.js';
import { ActivityTracker } from './activity-tracker.js';
import { AgentInbox } from './agent-inbox.js';
import { BusCounters, OUTCOME } from './bus-counters.js';
import { CommunicationError, CommunicationErrorCode } from './communication.error.js';
import type { MessageEnvelope } from './message-envelope.js';
import { ParticipationPolicy } from './participation-policy.js';
import { RoutingTable, typeIndex, type BusParticipant } from './routing-table.js';
import { TokenBuckets } from './token-buckets.js';

export type MessageHandler = (message: MessageEnvelope) => void | Promise<void>;
export type PublishOutcome = 'accepted' | 'throttled' | 'rejected';
export type PublishTap = (message: MessageEnvelope, outcome: PublishOutcome) => void;

export interface AgentBusOptions {
  readonly participants: readonly BusParticipant[];
  readonly roles: readonly RoleDefinition[];
  readonly clock: Clock;
  /** false = the naive baseline: every message to every agent, unthrottled, unfiltered. */
  readonly mcpEnabled: boolean;
  readonly inboxCapacity?: number;
  readonly activityWindowMs?: number;
  readonly onHandlerError?: (participantId: string, error: unknown) => void;
}

const SIGNAL = typeIndex('signal');
const THESIS = typeIndex('thesis');
const DISCUSSION = typeIndex('discussion');
const GUIDANCE = typeIndex('guidance');
const HEARTBEAT = typeIndex('heartbeat');

/**
 * The in-memory agent bus and its coordinator. A publish is synchronous: permission check, token
 * bucket, a routing-table look-up, a relevance check per candidate, and a push onto each recipient's
 * bounded inbox. Recipients drain their inboxes asynchronously, one message at a time, so a slow agent
 * never slows the bus or the other agents.
 */
export class AgentBus {
  readonly table: RoutingTable;
  readonly counters: BusCounters;
  readonly activity: ActivityTracker;
  private readonly buckets: TokenBuckets;
  private readonly thresholds: Float64Array;
  private readonly inboxes: AgentInbox[];
  private readonly handlers: (MessageHandler | undefined)[];
  private readonly busy: Uint8Array;
  private readonly queued: Uint8Array;
  private readonly ready: number[] = [];
  private drainScheduled = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly taps: PublishTap[] = [];

  constructor(private readonly options: AgentBusOptions) {
    const { participants, roles, clock } = options;
    const now = clock.now();
    this.table = new RoutingTable(participants, roles);
    this.counters = new BusCounters(this.table.size);
    this.activity = new ActivityTracker(this.table.size, options.activityWindowMs ?? 60_000, now);
    this.buckets = new TokenBuckets(
      participants.map((p) => p.throttle),
      now,
    );
    this.thresholds = Float64Array.from(participants.map((p) => p.threshold));
    this.inboxes = participants.map(() => new AgentInbox(options.inboxCapacity ?? 256));
    this.handlers = participants.map(() => undefined);
    this.busy = new Uint8Array(this.table.size);
    this.queued = new Uint8Array(this.table.size);
  }

  get mcpEnabled(): boolean {
    return this.options.mcpEnabled;
  }

  /** The one handler that drains a participant's inbox. */
  attach(participantId: string, handler: MessageHandler): void {
    const i = this.indexOf(participantId);
    this.handlers[i] = handler;
    if (this.inboxes[i].size > 0) this.schedule(i);
  }

  /** Observes every publish after it is routed (the export journal). */
  tap(listener: PublishTap): void {
    this.taps.push(listener);
  }

  publish(message: MessageEnvelope): PublishOutcome {
    const sender = this.indexOf(message.from);
    const type = typeIndex(message.type);
    const now = this.options.clock.now();
    const counters = this.counters;
    counters.lastSeenAt[sender] = now;
    if (type < 0 || !this.table.mayPublishType(sender, type)) {
      counters.rejected[sender] += 1;
      counters.countType(type < 0 ? HEARTBEAT : type, OUTCOME.rejected);
      return this.notify(message, 'rejected');
    }
    if (type === HEARTBEAT) {
      counters.countType(type, OUTCOME.published);
      return this.notify(message, 'accepted');
    }
    const isAgent = sender !== this.table.orchestrator;
    if (isAgent) counters.baselineDeliveries += this.table.agents.length - 1;
    if (type === SIGNAL) counters.signalsAttempted += 1;
    if (this.options.mcpEnabled && isAgent && !this.buckets.take(sender, now)) {
      counters.throttled[sender] += 1;
      counters.countType(type, OUTCOME.throttled);
      if (type === SIGNAL) counters.signalsThrottled += 1;
      return this.notify(message, 'throttled');
    }
    counters.sent[sender] += 1;
    counters.countType(type, OUTCOME.published);
    this.activity.record(sender);
    if (this.options.mcpEnabled) this.route(message, sender, type);
    else this.routeToEveryone(message, sender, type);
    return this.notify(message, 'accepted');
  }

  participationThreshold(participantId: string): number {
    return this.thresholds[this.indexOf(participantId)];
  }

  setParticipationThreshold(participantId: string, threshold: number): void {
    const i = this.indexOf(participantId);
    if (!ParticipationPolicy.isValidThreshold(threshold)) {
      throw new CommunicationError(
        CommunicationErrorCode.InvalidThreshold,
        `threshold must be a number from 0 to 1, got ${threshold}`,
      );
    }
    this.thresholds[i] = threshold;
  }

  has(participantId: string): boolean {
    return this.table.index.has(participantId);
  }

  indexOf(participantId: string): number {
    const i = this.table.index.get(participantId);
    if (i === undefined) throw CommunicationError.unknownAgent(participantId);
    return i;
  }

  /** Resolves once every inbox is empty and no handler is running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private route(message: MessageEnvelope, sender: number, type: number): void {
    const table = this.table;
    if (type === DISCUSSION || type === GUIDANCE) {
      for (const recipient of table.resolve(message.to ?? [])) {
        if (recipient !== sender) this.deliver(recipient, message, type);
      }
      return;
    }
    if (type === SIGNAL || type === THESIS) {
      if (table.orchestrator >= 0) this.deliver(table.orchestrator, message, type);
    }
    const symbol =
      message.symbol === undefined ? -1 : (table.symbolIndex.get(message.symbol) ?? -2);
    const candidates =
      type === SIGNAL && symbol >= 0
        ? table.symbolSubscribers[symbol]
        : type === SIGNAL
          ? undefined
          : table.agents;
    if (candidates === undefined) return;
    const confidence = message.confidence ?? ParticipationPolicy.DEFAULT_CONFIDENCE;
    const symbolCount = table.symbolCount;
    for (let k = 0; k < candidates.length; k++) {
      const recipient = candidates[k];
      if (recipient === sender) continue;
      const symbolScore =
        symbol === -1
          ? ParticipationPolicy.MARKET_WIDE_SYMBOL_SCORE
          : symbol >= 0
            ? table.follows[recipient * symbolCount + symbol]
            : 0;
      const relevance = ParticipationPolicy.relevance(
        symbolScore,
        table.affinityOf(recipient, sender),
        confidence,
      );
      if (relevance >= this.thresholds[recipient]) this.deliver(recipient, message, type);
      else {
        this.counters.filtered[recipient] += 1;
        this.counters.countType(type, OUTCOME.filtered);
      }
    }
  }

  private routeToEveryone(message: MessageEnvelope, sender: number, type: number): void {
    if (type === GUIDANCE) {
      for (const recipient of this.table.resolve(message.to ?? []))
        this.deliver(recipient, message, type);
      return;
    }
    if ((type === SIGNAL || type === THESIS) && this.table.orchestrator >= 0) {
      this.deliver(this.table.orchestrator, message, type);
    }
    const agents = this.table.agents;
    for (let k = 0; k < agents.length; k++)
      if (agents[k] !== sender) this.deliver(agents[k], message, type);
  }

  private deliver(recipient: number, message: MessageEnvelope, type: number): void {
    const counters = this.counters;
    if (this.inboxes[recipient].push(message)) {
      counters.dropped[recipient] += 1;
      counters.countType(type, OUTCOME.dropped);
    }
    counters.delivered[recipient] += 1;
    counters.countType(type, OUTCOME.delivered);
    if (recipient !== this.table.orchestrator) counters.agentDeliveries += 1;
    if (this.queued[recipient] === 0 && this.handlers[recipient] !== undefined)
      this.schedule(recipient);
  }

  private notify(message: MessageEnvelope, outcome: PublishOutcome): PublishOutcome {
    for (const tap of this.taps) tap(message, outcome);
    return outcome;
  }

  private schedule(i: number): void {
    if (this.queued[i] === 1 || this.busy[i] === 1) return;
    this.queued[i] = 1;
    this.ready.push(i);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.drainScheduled = false;
    const batch = this.ready.splice(0);
    for (const i of batch) {
      this.queued[i] = 0;
      this.drainOne(i);
    }
    this.settleIdle();
  }

  /** Runs a participant's handler over its inbox until it empties or a handler goes async. */
  private drainOne(i: number): void {
    const handler = this.handlers[i];
    if (handler === undefined) return;
    for (
      let message = this.inboxes[i].shift();
      message !== undefined;
      message = this.inboxes[i].shift()
    ) {
      let result: void | Promise<void>;
      try {
        result = handler(message);
      } catch (error) {
        this.options.onHandlerError?.(this.table.ids[i], error);
        continue;
      }
      if (result instanceof Promise) {
        this.busy[i] = 1;
        this.inFlight += 1;
        result
          .catch((error: unknown) => this.options.onHandlerError?.(this.table.ids[i], error))
          .finally(() => {
            this.busy[i] = 0;
            this.inFlight -= 1;
            if (this.inboxes[i].size > 0) this.schedule(i);
            else this.settleIdle();
          });
        return;
      }
    }
  }

  private isIdle(): boolean {
    return this.ready.length === 0 && this.inFlight === 0 && !this.drainScheduled;
  }

  private settleIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
