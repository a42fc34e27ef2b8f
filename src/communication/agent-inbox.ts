import type { MessageEnvelope } from './message-envelope.js';

/** What happened to a message pushed onto an inbox. */
export enum InboxPush {
  Queued = 0,
  /** Queued, and the oldest waiting message was dropped to make room. */
  DroppedOldest = 1,
  /** It replaced a waiting message with the same supersession key, in that message's place. */
  Coalesced = 2,
}

/**
 * A bounded FIFO ring buffer of messages with the time each was queued. When full, a push drops the
 * oldest message: a slow agent loses stale news, never blocks the bus. A message pushed with a
 * supersession key replaces a waiting one with the same key (a newer signal for the same symbol and
 * side makes the older one pointless). The waiting key is found by scanning the keys of the waiting
 * messages: usually a handful, at most `capacity` (a fraction of a microsecond), and a scan allocates
 * nothing, where a key → position Map churned its tables into the old generation and forced major GCs.
 */
export class AgentInbox {
  private readonly slots: (MessageEnvelope | undefined)[];
  private readonly queuedAt: Float64Array;
  /** Supersession key of each slot, or -1. */
  private readonly keys: Float64Array;
  /** Slot of the oldest waiting message. */
  private head = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<MessageEnvelope | undefined>(capacity);
    this.queuedAt = new Float64Array(capacity);
    this.keys = new Float64Array(capacity).fill(-1);
  }

  get size(): number {
    return this.length;
  }

  /** Queues a message; `key` ≥ 0 makes it supersede a waiting message with the same key. */
  push(message: MessageEnvelope, queuedAtMs: number, key = -1): InboxPush {
    if (key >= 0) {
      const slot = this.slotWithKey(key);
      if (slot >= 0) {
        this.slots[slot] = message;
        this.queuedAt[slot] = queuedAtMs;
        return InboxPush.Coalesced;
      }
    }
    let outcome = InboxPush.Queued;
    if (this.length === this.capacity) {
      this.evictHead();
      outcome = InboxPush.DroppedOldest;
    }
    const slot = (this.head + this.length) % this.capacity;
    this.slots[slot] = message;
    this.queuedAt[slot] = queuedAtMs;
    this.keys[slot] = key;
    this.length += 1;
    return outcome;
  }

  /** Time the message at the head was queued (valid while size > 0). */
  headQueuedAt(): number {
    return this.queuedAt[this.head];
  }

  shift(): MessageEnvelope | undefined {
    if (this.length === 0) return undefined;
    const message = this.slots[this.head];
    this.evictHead();
    return message;
  }

  private slotWithKey(key: number): number {
    for (let k = 0, slot = this.head; k < this.length; k++) {
      if (this.keys[slot] === key) return slot;
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
    return -1;
  }

  private evictHead(): void {
    this.slots[this.head] = undefined;
    this.keys[this.head] = -1;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.length -= 1;
  }
}
