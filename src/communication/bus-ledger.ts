import { MESSAGE_TYPES, type MessageType } from '../config/roster.js';
import { InboxPush } from './agent-inbox.js';
import {
  BUS_OUTCOMES,
  BusCounters,
  LATENCY_BUCKETS,
  OUTCOME,
  type BusOutcome,
} from './bus-counters.js';

/** The bus's traffic as other modules may read it: copies, never the live arrays. */
export interface BusSnapshot {
  /** Messages per type and outcome, as `bus_messages_total`. */
  readonly byType: Readonly<Record<MessageType, Readonly<Record<BusOutcome, number>>>>;
  readonly latency: {
    readonly bounds: readonly number[];
    /** Per bucket, not cumulative. */
    readonly buckets: readonly number[];
    readonly sumSeconds: number;
    readonly count: number;
  };
}

/**
 * The bus's accounting, one method per fate. Per message and per other agent (a unit of the
 * everyone-gets-everything baseline) exactly one of: delivered, filtered, unrouted, coalesced, dropped,
 * or — for the whole message — refused (throttled or rejected). The property test
 * (`agent-bus.property.spec.ts`) holds every scenario to it.
 */
export class BusLedger {
  readonly counters: BusCounters;

  constructor(size: number) {
    this.counters = new BusCounters(size);
  }

  seen(sender: number, now: number): void {
    this.counters.lastSeenAt[sender] = now;
  }

  /** Refused for want of permission; `units` baseline units go with it (none for a heartbeat). */
  rejected(sender: number, type: number, units: number): void {
    const c = this.counters;
    c.rejected[sender] += 1;
    c.countType(type, OUTCOME.rejected);
    this.refuse(units);
  }

  /** A heartbeat: published, routed to no one, outside the baseline. */
  heartbeat(type: number): void {
    this.counters.countType(type, OUTCOME.published);
  }

  signalAttempted(): void {
    this.counters.signalsAttempted += 1;
  }

  throttled(sender: number, type: number, isSignal: boolean, units: number): void {
    const c = this.counters;
    c.throttled[sender] += 1;
    c.countType(type, OUTCOME.throttled);
    if (isSignal) c.signalsThrottled += 1;
    this.refuse(units);
  }

  /** Accepted for routing: its units will each meet one of the fates below. */
  published(sender: number, type: number, units: number): void {
    const c = this.counters;
    c.baselineDeliveries += units;
    c.sent[sender] += 1;
    c.countType(type, OUTCOME.published);
  }

  /** Units routing did not address to any agent. */
  unrouted(units: number): void {
    this.counters.unrouted += units;
  }

  filtered(recipient: number, type: number): void {
    this.counters.filtered[recipient] += 1;
    this.counters.countType(type, OUTCOME.filtered);
  }

  /**
   * A message pushed onto an inbox, and what the push did. By type, `delivered` counts every message
   * queued; `coalesced` and `dropped` count the fate of a queued one (the waiting message superseded,
   * or the oldest pushed out), so the recipient's own count moves once, to its final place.
   */
  queued(recipient: number, type: number, isAgent: boolean, push: InboxPush): void {
    const c = this.counters;
    c.countType(type, OUTCOME.delivered);
    if (push === InboxPush.Coalesced) {
      c.coalesced[recipient] += 1;
      c.countType(type, OUTCOME.coalesced);
    } else if (push === InboxPush.DroppedOldest) {
      c.dropped[recipient] += 1;
      c.countType(type, OUTCOME.dropped);
    } else {
      c.delivered[recipient] += 1;
      if (isAgent) c.agentDeliveries += 1;
    }
  }

  handled(waitedSeconds: number): void {
    this.counters.observeLatency(waitedSeconds, 1);
  }

  snapshot(): BusSnapshot {
    const c = this.counters;
    const byType = Object.fromEntries(
      MESSAGE_TYPES.map((type, t) => [
        type,
        Object.fromEntries(BUS_OUTCOMES.map((outcome) => [outcome, c.typeCount(t, outcome)])),
      ]),
    ) as BusSnapshot['byType'];
    return {
      byType,
      latency: {
        bounds: LATENCY_BUCKETS,
        buckets: Array.from(c.latencyBuckets),
        sumSeconds: c.latencySumSeconds,
        count: c.latencyCount,
      },
    };
  }

  private refuse(units: number): void {
    this.counters.baselineDeliveries += units;
    this.counters.refusedUnits += units;
  }
}
