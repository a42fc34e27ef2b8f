import { MESSAGE_TYPES } from '../config/roster.js';

export const BUS_OUTCOMES = [
  'published',
  'throttled',
  'rejected',
  'delivered',
  'filtered',
  'dropped',
] as const;
export type BusOutcome = (typeof BUS_OUTCOMES)[number];
const OUTCOME_INDEX = new Map<BusOutcome, number>(BUS_OUTCOMES.map((o, i) => [o, i]));

/**
 * Every count the coordinator keeps, in typed arrays: per participant, and per (type, outcome). The hot
 * path only increments; metrics and the API copy them out when asked.
 */
export class BusCounters {
  readonly sent: Float64Array;
  readonly delivered: Float64Array;
  readonly throttled: Float64Array;
  readonly filtered: Float64Array;
  readonly dropped: Float64Array;
  readonly rejected: Float64Array;
  readonly lastSeenAt: Float64Array;
  /** `byType[type * outcomes + outcome]`. */
  readonly byType = new Float64Array(MESSAGE_TYPES.length * BUS_OUTCOMES.length);
  signalsAttempted = 0;
  signalsThrottled = 0;
  /** Deliveries to agents (not the orchestrator), and what the everyone-gets-everything baseline would make. */
  agentDeliveries = 0;
  baselineDeliveries = 0;

  constructor(size: number) {
    this.sent = new Float64Array(size);
    this.delivered = new Float64Array(size);
    this.throttled = new Float64Array(size);
    this.filtered = new Float64Array(size);
    this.dropped = new Float64Array(size);
    this.rejected = new Float64Array(size);
    this.lastSeenAt = new Float64Array(size);
  }

  countType(type: number, outcome: number): void {
    this.byType[type * BUS_OUTCOMES.length + outcome] += 1;
  }

  typeCount(type: number, outcome: BusOutcome): number {
    return this.byType[type * BUS_OUTCOMES.length + (OUTCOME_INDEX.get(outcome) ?? 0)];
  }
}

export const OUTCOME = {
  published: 0,
  throttled: 1,
  rejected: 2,
  delivered: 3,
  filtered: 4,
  dropped: 5,
} as const satisfies Record<BusOutcome, number>;
