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
 * side makes the older one pointless).
 */
export class AgentInbox {
  private readonly slots: (MessageEnvelope | undefined)[];
  private readonly queuedAt: Float64Array;
  /** Supersession key of each slot, or -1. */
  private readonly keys: Float64Array;
  /** Key → absolute position of the waiting message that holds it. */
  private readonly byKey = new Map<number, number>();
  /** Absolute position of the head: grows forever, so a stale map entry is recognisable. */
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
      const position = this.byKey.get(key);
      if (position !== undefined && position >= this.head) {
        const slot = position % this.capacity;
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
    const position = this.head + this.length;
    const slot = position % this.capacity;
    this.slots[slot] = message;
    this.queuedAt[slot] = queuedAtMs;
    this.keys[slot] = key;
    if (key >= 0) this.byKey.set(key, position);
    this.length += 1;
    return outcome;
  }

  /** Time the message at the head was queued (valid while size > 0). */
  headQueuedAt(): number {
    return this.queuedAt[this.head % this.capacity];
  }

  shift(): MessageEnvelope | undefined {
    if (this.length === 0) return undefined;
    const message = this.slots[this.head % this.capacity];
    this.evictHead();
    return message;
  }

  private evictHead(): void {
    const slot = this.head % this.capacity;
    const key = this.keys[slot];
    if (key >= 0 && this.byKey.get(key) === this.head) this.byKey.delete(key);
    this.slots[slot] = undefined;
    this.keys[slot] = -1;
    this.head += 1;
    this.length -= 1;
  }
}
