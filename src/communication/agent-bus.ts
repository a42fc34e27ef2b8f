import type { RoleDefinition } from '../config/roster.js';
import { type Clock, type Monotonic, SystemMonotonic } from '../platform/clock.js';
import { ActivityTracker } from './activity-tracker.js';
import type { BusCounters } from './bus-counters.js';
import { BusLedger, type BusSnapshot } from './bus-ledger.js';
import { BusRouter } from './bus-router.js';
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
import { InboxDispatcher, type MessageHandler } from './inbox-dispatcher.js';

export type { MessageHandler } from './inbox-dispatcher.js';
export type { BusSnapshot } from './bus-ledger.js';
export { BUS_OUTCOMES, type BusOutcome } from './bus-counters.js';
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
const HEARTBEAT = typeIndex('heartbeat');

/**
 * The in-memory agent bus and its coordinator: a façade over the `BusRouter` (who gets a message),
 * the `InboxDispatcher` (bounded inboxes drained by their handlers on a later turn) and the
 * `BusLedger` (one fate per baseline unit). A publish is synchronous: permission check, token bucket,
 * routing, a push onto each recipient's inbox (where a newer signal supersedes a waiting one).
 * `tick` applies the time-based policies: activity scores, the balance rule, floors, auto-tuning.
 * Other modules read its traffic through `snapshot()`.
 */
export class AgentBus {
  readonly table: RoutingTable;
  readonly activity: ActivityTracker;
  readonly tuner: ParticipationTuner;
  private readonly ledger: BusLedger;
  private readonly router: BusRouter;
  private readonly dispatcher: InboxDispatcher;
  private readonly buckets: TokenBuckets;
  private readonly thresholds: Float64Array;
  private readonly taps: PublishTap[] = [];
  private readonly monotonic: Monotonic;

  constructor(private readonly options: AgentBusOptions) {
    const { participants, roles, clock } = options;
    this.monotonic = options.monotonic ?? new SystemMonotonic();
    const now = clock.now();
    this.table = new RoutingTable(participants, roles);
    const size = this.table.size;
    this.ledger = new BusLedger(size);
    const isAgent = Uint8Array.from(
      participants.map((p) => (p.role === ORCHESTRATOR_ROLE ? 0 : 1)),
    );
    this.activity = new ActivityTracker(size, options.activityWindowMs ?? 60_000, now, isAgent);
    this.buckets = new TokenBuckets(
      participants.map((p) => p.throttle),
      now,
    );
    this.thresholds = Float64Array.from(participants.map((p) => p.threshold));
    this.router = new BusRouter(this.table, this.thresholds);
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
    const ledger = this.ledger;
    this.dispatcher = new InboxDispatcher({
      ids: this.table.ids,
      inboxCapacity: options.inboxCapacity ?? 256,
      monotonic: this.monotonic,
      onHandled: (waitedSeconds) => ledger.handled(waitedSeconds),
      onHandlerError: options.onHandlerError,
    });
  }

  get mcpEnabled(): boolean {
    return this.options.mcpEnabled;
  }

  /** The live counters: the communication module's own (metrics, activity); others read `snapshot()`. */
  get counters(): BusCounters {
    return this.ledger.counters;
  }

  /** The traffic by type and outcome and the delivery latency, copied out. */
  snapshot(): BusSnapshot {
    return this.ledger.snapshot();
  }

  /** The one handler that drains a participant's inbox (replaces any previous one). */
  attach(participantId: string, handler: MessageHandler): void {
    this.dispatcher.attach(this.indexOf(participantId), handler);
  }

  /** Observes every publish after it is routed (the export journal). */
  tap(listener: PublishTap): void {
    this.taps.push(listener);
  }

  publish(message: MessageEnvelope): PublishOutcome {
    const sender = this.indexOf(message.from);
    const type = typeIndex(message.type);
    const now = this.options.clock.now();
    const ledger = this.ledger;
    ledger.seen(sender, now);
    const isAgent = sender !== this.table.orchestrator;
    const others = this.table.agents.length - (isAgent ? 1 : 0);
    if (type < 0 || !this.table.mayPublishType(sender, type)) {
      ledger.rejected(sender, type < 0 ? HEARTBEAT : type, type === HEARTBEAT ? 0 : others);
      return this.notify(message, 'rejected');
    }
    if (type === HEARTBEAT) {
      ledger.heartbeat(type);
      return this.notify(message, 'accepted');
    }
    if (type === SIGNAL) ledger.signalAttempted();
    if (this.options.mcpEnabled && isAgent && !this.buckets.take(sender, now)) {
      ledger.throttled(sender, type, type === SIGNAL, others);
      return this.notify(message, 'throttled');
    }
    ledger.published(sender, type, others);
    if (isAgent) this.activity.record(sender);
    const routed = this.router.route(message, sender, type, this.options.mcpEnabled);
    this.dispatch(message, type);
    ledger.unrouted(others - routed);
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
    return this.dispatcher.whenIdle();
  }

  isIdle(): boolean {
    return this.dispatcher.isIdle();
  }

  /** No drain waiting to run (a handler may still be waiting on an answer from outside). */
  isQuiet(): boolean {
    return this.dispatcher.isQuiet();
  }

  /** Pushes the router's decision onto the inboxes and books each unit's fate. */
  private dispatch(message: MessageEnvelope, type: number): void {
    const { router, ledger, dispatcher } = this;
    const orchestrator = this.table.orchestrator;
    const queuedAt = this.monotonic.now();
    for (let k = 0; k < router.targetCount; k++) {
      const recipient = router.targets[k];
      const isAgent = recipient !== orchestrator;
      const pushed = dispatcher.push(recipient, message, queuedAt, isAgent ? router.keys[k] : -1);
      ledger.queued(recipient, type, isAgent, pushed);
    }
    for (let k = 0; k < router.filteredCount; k++) ledger.filtered(router.filtered[k], type);
  }

  private notify(message: MessageEnvelope, outcome: PublishOutcome): PublishOutcome {
    for (let t = 0; t < this.taps.length; t++) this.taps[t](message, outcome);
    return outcome;
  }
}
