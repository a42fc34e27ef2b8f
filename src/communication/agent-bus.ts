import type { RoleDefinition } from '../config/roster.js';
import { type Clock, type Monotonic, SystemMonotonic } from '../platform/clock.js';
import { ActivityTracker } from './activity-tracker.js';
import { AgentInbox, InboxPush } from './agent-inbox.js';
import { BusCounters, OUTCOME } from './bus-counters.js';
import { CommunicationError, CommunicationErrorCode } from './communication.error.js';
import type { MessageEnvelope } from './message-envelope.js';
import { ParticipationPolicy } from './participation-policy.js';
import { ParticipationTuner } from './participation-tuner.js';
import {
  ORCHESTRATOR_ROLE,
  RoutingTable,
  typeIndex,
  type BusParticipant,
} from './routing-table.js';
import { TokenBuckets } from './token-buckets.js';

export type MessageHandler = (message: MessageEnvelope) => void | Promise<void>;
export type PublishOutcome = 'accepted' | 'throttled' | 'rejected';
export type PublishTap = (message: MessageEnvelope, outcome: PublishOutcome) => void;

export interface AgentBusOptions {
  readonly participants: readonly BusParticipant[];
  readonly roles: readonly RoleDefinition[];
  /** Market time: throttling, activity, floors and auto-tuning. */
  readonly clock: Clock;
  /** Real elapsed time: how long a message waited in an inbox (the latency histogram). */
  readonly monotonic?: Monotonic;
  /** false = the naive baseline: every message to every agent, unthrottled, unfiltered. */
  readonly mcpEnabled: boolean;
  readonly autoTune?: boolean;
  readonly inboxCapacity?: number;
  readonly activityWindowMs?: number;
  /** Floor alerts wait this long after start, then this long under the floor. */
  readonly floorWarmupMs?: number;
  readonly floorGraceMs?: number;
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
 * bounded inbox (where a newer signal supersedes a waiting one). Recipients drain their inboxes
 * asynchronously, one message at a time, so a slow agent never slows the bus or the other agents.
 * `tick` applies the time-based policies: activity scores, the balance rule, floors, auto-tuning.
 */
export class AgentBus {
  readonly table: RoutingTable;
  readonly counters: BusCounters;
  readonly activity: ActivityTracker;
  readonly tuner: ParticipationTuner;
  private readonly buckets: TokenBuckets;
  private readonly thresholds: Float64Array;
  private readonly inboxes: AgentInbox[];
  private readonly handlers: (MessageHandler | undefined)[];
  private readonly busy: Uint8Array;
  private readonly queued: Uint8Array;
  /**
   * Participants with a scheduled drain (each at most once, see `queued`). The two lists swap at each
   * drain and are never shrunk, so scheduling allocates nothing.
   */
  private ready: Int32Array;
  private readyCount = 0;
  private draining: Int32Array;
  private drainScheduled = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly taps: PublishTap[] = [];
  private readonly drainAll = () => this.drain();
  private readonly monotonic: Monotonic;

  constructor(private readonly options: AgentBusOptions) {
    const { participants, roles, clock } = options;
    this.monotonic = options.monotonic ?? new SystemMonotonic();
    const now = clock.now();
    this.table = new RoutingTable(participants, roles);
    const size = this.table.size;
    this.counters = new BusCounters(size);
    const isAgent = Uint8Array.from(
      participants.map((p) => (p.role === ORCHESTRATOR_ROLE ? 0 : 1)),
    );
    this.activity = new ActivityTracker(size, options.activityWindowMs ?? 60_000, now, isAgent);
    this.buckets = new TokenBuckets(
      participants.map((p) => p.throttle),
      now,
    );
    this.thresholds = Float64Array.from(participants.map((p) => p.threshold));
    this.tuner = new ParticipationTuner(
      participants.map((p, i) => ({
        defaultThreshold: p.threshold,
        min: p.thresholdBounds?.min ?? 0,
        max: p.thresholdBounds?.max ?? 1,
        floor: p.floor ?? 0,
        tuned: isAgent[i] === 1,
      })),
      {
        autoTune: options.autoTune ?? true,
        warmupMs: options.floorWarmupMs ?? options.activityWindowMs ?? 60_000,
        floorGraceMs: options.floorGraceMs ?? 60_000,
      },
      now,
    );
    this.inboxes = participants.map(() => new AgentInbox(options.inboxCapacity ?? 256));
    this.handlers = participants.map(() => undefined);
    this.busy = new Uint8Array(size);
    this.queued = new Uint8Array(size);
    this.ready = new Int32Array(size);
    this.draining = new Int32Array(size);
  }

  get mcpEnabled(): boolean {
    return this.options.mcpEnabled;
  }

  /** The one handler that drains a participant's inbox (replaces any previous one). */
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
    const isAgent = sender !== this.table.orchestrator;
    const others = this.table.agents.length - (isAgent ? 1 : 0);
    if (type < 0 || !this.table.mayPublishType(sender, type)) {
      counters.rejected[sender] += 1;
      counters.countType(type < 0 ? HEARTBEAT : type, OUTCOME.rejected);
      if (type !== HEARTBEAT) this.countBaseline(others, true);
      return this.notify(message, 'rejected');
    }
    if (type === HEARTBEAT) {
      counters.countType(type, OUTCOME.published);
      return this.notify(message, 'accepted');
    }
    if (type === SIGNAL) counters.signalsAttempted += 1;
    if (this.options.mcpEnabled && isAgent && !this.buckets.take(sender, now)) {
      counters.throttled[sender] += 1;
      counters.countType(type, OUTCOME.throttled);
      if (type === SIGNAL) counters.signalsThrottled += 1;
      this.countBaseline(others, true);
      return this.notify(message, 'throttled');
    }
    this.countBaseline(others, false);
    counters.sent[sender] += 1;
    counters.countType(type, OUTCOME.published);
    if (isAgent) this.activity.record(sender);
    const queuedAt = this.monotonic.now();
    const routed = this.options.mcpEnabled
      ? this.route(message, sender, type, queuedAt)
      : this.routeToEveryone(message, sender, type, queuedAt);
    counters.unrouted += others - routed;
    return this.notify(message, 'accepted');
  }

  /** Folds activity into scores and applies the balance rule, floors and auto-tuning. */
  tick(nowMs = this.options.clock.now()): void {
    this.activity.tick(nowMs);
    if (!this.options.mcpEnabled) return;
    this.tuner.tick(
      nowMs,
      (i) => this.activity.scoreOf(i),
      this.thresholds,
      this.buckets.refillFactor,
    );
  }

  participationThreshold(participantId: string): number {
    return this.thresholds[this.indexOf(participantId)];
  }

  /** An admin's threshold; auto-tuning then moves it only within ± `band` (0 = pinned). */
  setParticipationThreshold(participantId: string, threshold: number, band = 0): void {
    const i = this.indexOf(participantId);
    if (!ParticipationPolicy.isValidThreshold(threshold)) {
      throw new CommunicationError(
        CommunicationErrorCode.InvalidThreshold,
        `threshold must be a number from 0 to 1, got ${threshold}`,
      );
    }
    this.thresholds[i] = threshold;
    this.tuner.setAdminThreshold(i, threshold, band);
  }

  /** Whether the participant's bucket currently refills at half rate (the balance rule). */
  isSlowed(participantId: string): boolean {
    return this.buckets.refillFactor[this.indexOf(participantId)] < 1;
  }

  has(participantId: string): boolean {
    return this.table.index.has(participantId);
  }

  indexOf(participantId: string): number {
    const i = this.table.index.get(participantId);
    if (i === undefined) throw CommunicationError.unknownAgent(participantId);
    return i;
  }

  /** Resolves once every inbox with a handler is empty and no handler is running (tests, replays). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private countBaseline(units: number, refused: boolean): void {
    this.counters.baselineDeliveries += units;
    if (refused) this.counters.refusedUnits += units;
  }

  /** Routes under governance; returns how many agents it was delivered (or offered) to. */
  private route(message: MessageEnvelope, sender: number, type: number, queuedAt: number): number {
    const table = this.table;
    if (type === DISCUSSION || type === GUIDANCE)
      return this.routeAddressed(message, sender, type, queuedAt);
    if (table.orchestrator >= 0) this.deliver(table.orchestrator, message, type, queuedAt, -1);
    const symbol =
      message.symbol === undefined ? -1 : (table.symbolIndex.get(message.symbol) ?? -2);
    const candidates =
      type === SIGNAL ? (symbol >= 0 ? table.symbolSubscribers[symbol] : undefined) : table.agents;
    if (candidates === undefined) return 0;
    const confidence = message.confidence ?? ParticipationPolicy.DEFAULT_CONFIDENCE;
    const symbolCount = table.symbolCount;
    // A newer signal from the same sender for the same symbol and side supersedes a waiting one.
    const key =
      type === SIGNAL
        ? (sender * symbolCount + symbol) * 2 + (message.side === 'sell' ? 1 : 0)
        : -1;
    const thresholds = this.thresholds;
    let routed = 0;
    for (let k = 0; k < candidates.length; k++) {
      const recipient = candidates[k];
      if (recipient === sender) continue;
      routed += 1;
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
      if (relevance >= thresholds[recipient]) this.deliver(recipient, message, type, queuedAt, key);
      else {
        this.counters.filtered[recipient] += 1;
        this.counters.countType(type, OUTCOME.filtered);
      }
    }
    return routed;
  }

  /** Delivers to the agents and roles named in `to`; returns how many agents that is. */
  private routeAddressed(
    message: MessageEnvelope,
    sender: number,
    type: number,
    queuedAt: number,
  ): number {
    const table = this.table;
    let routed = 0;
    const count = table.resolve(message.to ?? []);
    for (let k = 0; k < count; k++) {
      const recipient = table.addressed[k];
      if (recipient === sender) continue;
      this.deliver(recipient, message, type, queuedAt, -1);
      if (recipient !== table.orchestrator) routed += 1;
    }
    return routed;
  }

  private routeToEveryone(
    message: MessageEnvelope,
    sender: number,
    type: number,
    queuedAt: number,
  ): number {
    // Guidance stays private even in the baseline: it is one agent's instructions.
    if (type === GUIDANCE) return this.routeAddressed(message, sender, type, queuedAt);
    if ((type === SIGNAL || type === THESIS) && this.table.orchestrator >= 0) {
      this.deliver(this.table.orchestrator, message, type, queuedAt, -1);
    }
    const agents = this.table.agents;
    let routed = 0;
    for (let k = 0; k < agents.length; k++) {
      if (agents[k] === sender) continue;
      this.deliver(agents[k], message, type, queuedAt, -1);
      routed += 1;
    }
    return routed;
  }

  private deliver(
    recipient: number,
    message: MessageEnvelope,
    type: number,
    queuedAt: number,
    key: number,
  ): void {
    const counters = this.counters;
    const isOrchestrator = recipient === this.table.orchestrator;
    const pushed = this.inboxes[recipient].push(message, queuedAt, isOrchestrator ? -1 : key);
    // By type, `delivered` counts every message queued for a recipient; `coalesced` and `dropped`
    // count the later fate of queued ones.
    counters.countType(type, OUTCOME.delivered);
    if (!isOrchestrator) counters.agentDeliveries += 1;
    if (pushed === InboxPush.Coalesced) {
      // The waiting message is superseded: it will never be handled.
      counters.coalesced[recipient] += 1;
      counters.countType(type, OUTCOME.coalesced);
      if (!isOrchestrator) counters.agentDeliveries -= 1;
    } else {
      counters.delivered[recipient] += 1;
      if (pushed === InboxPush.DroppedOldest) {
        counters.delivered[recipient] -= 1;
        counters.dropped[recipient] += 1;
        counters.countType(type, OUTCOME.dropped);
        if (!isOrchestrator) counters.agentDeliveries -= 1;
      }
    }
    if (this.queued[recipient] === 0 && this.handlers[recipient] !== undefined)
      this.schedule(recipient);
  }

  private notify(message: MessageEnvelope, outcome: PublishOutcome): PublishOutcome {
    for (let t = 0; t < this.taps.length; t++) this.taps[t](message, outcome);
    return outcome;
  }

  private schedule(i: number): void {
    if (this.queued[i] === 1 || this.busy[i] === 1) return;
    this.queued[i] = 1;
    this.ready[this.readyCount++] = i;
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drainAll);
    }
  }

  private drain(): void {
    this.drainScheduled = false;
    const batch = this.ready;
    const count = this.readyCount;
    this.ready = this.draining;
    this.readyCount = 0;
    this.draining = batch;
    for (let k = 0; k < count; k++) {
      this.queued[batch[k]] = 0;
      this.drainOne(batch[k]);
    }
    this.settleIdle();
  }

  /** Runs a participant's handler over its inbox until it empties or a handler goes async. */
  private drainOne(i: number): void {
    const handler = this.handlers[i];
    const inbox = this.inboxes[i];
    if (handler === undefined || inbox.size === 0) return;
    const now = this.monotonic.now();
    for (
      let message = this.takeTimed(inbox, now);
      message !== undefined;
      message = this.takeTimed(inbox, now)
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

  private takeTimed(inbox: AgentInbox, now: number): MessageEnvelope | undefined {
    if (inbox.size === 0) return undefined;
    this.counters.observeLatency(Math.max(0, now - inbox.headQueuedAt()) / 1000, 1);
    return inbox.shift();
  }

  isIdle(): boolean {
    return this.readyCount === 0 && this.inFlight === 0 && !this.drainScheduled;
  }

  /** No drain waiting to run (a handler may still be waiting on an answer from outside). */
  isQuiet(): boolean {
    return this.readyCount === 0 && !this.drainScheduled;
  }

  private settleIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
