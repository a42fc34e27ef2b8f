import { MESSAGE_TYPES } from '../config/roster.js';

export const BUS_OUTCOMES = [
  'published',
  'throttled',
  'rejected',
  'delivered',
  'filtered',
  'coalesced',
  'dropped',
] as const;
export type BusOutcome = (typeof BUS_OUTCOMES)[number];

export const OUTCOME = {
  published: 0,
  throttled: 1,
  rejected: 2,
  delivered: 3,
  filtered: 4,
  coalesced: 5,
  dropped: 6,
} as const satisfies Record<BusOutcome, number>;

/** Upper bounds (seconds) of the publish → handler latency histogram. */
export const LATENCY_BUCKETS = [
  0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1,
] as const;

/**
 * Every count the coordinator keeps, in typed arrays: per participant, per (type, outcome), and the
 * latency histogram. The hot path only increments; metrics and the API copy them out when asked.
 *
 * Accounting, per message and per other agent (the units the everyone-gets-everything baseline would
 * deliver): exactly one of delivered (queued for, or handled by, the agent), filtered (relevance under
 * the agent's threshold), unrouted (not addressed to it, or about a symbol it does not follow),
 * coalesced (superseded in its inbox before it was handled), dropped (pushed out of its full inbox),
 * or — for the whole message — throttled or rejected. So
 * baseline = delivered + filtered + unrouted + coalesced + dropped + (throttled + rejected) × (agents − 1).
 */
export class BusCounters {
  readonly sent: Float64Array;
  readonly delivered: Float64Array;
  readonly throttled: Float64Array;
  readonly filtered: Float64Array;
  readonly coalesced: Float64Array;
  readonly dropped: Float64Array;
  readonly rejected: Float64Array;
  readonly lastSeenAt: Float64Array;
  /** `byType[type * outcomes + outcome]`. */
  readonly byType = new Float64Array(MESSAGE_TYPES.length * BUS_OUTCOMES.length);
  /** Per latency bucket (cumulative when read), plus sum and count. */
  readonly latencyBuckets = new Float64Array(LATENCY_BUCKETS.length);
  latencySumSeconds = 0;
  latencyCount = 0;
  signalsAttempted = 0;
  signalsThrottled = 0;
  /** Units of the baseline that routing did not address to an agent. */
  unrouted = 0;
  /** Units for throttled or rejected messages. */
  refusedUnits = 0;
  /** Deliveries to agents (not the orchestrator), and what the everyone-gets-everything baseline would make. */
  agentDeliveries = 0;
  baselineDeliveries = 0;

  constructor(size: number) {
    this.sent = new Float64Array(size);
    this.delivered = new Float64Array(size);
    this.throttled = new Float64Array(size);
    this.filtered = new Float64Array(size);
    this.coalesced = new Float64Array(size);
    this.dropped = new Float64Array(size);
    this.rejected = new Float64Array(size);
    this.lastSeenAt = new Float64Array(size);
  }

  countType(type: number, outcome: number): void {
    this.byType[type * BUS_OUTCOMES.length + outcome] += 1;
  }

  typeCount(type: number, outcome: BusOutcome): number {
    return this.byType[type * BUS_OUTCOMES.length + OUTCOME[outcome]];
  }

  observeLatency(seconds: number, count: number): void {
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]) b++;
    if (b < LATENCY_BUCKETS.length) this.latencyBuckets[b] += count;
    this.latencySumSeconds += seconds * count;
    this.latencyCount += count;
  }
}
