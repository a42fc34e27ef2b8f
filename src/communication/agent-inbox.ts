import type { MessageEnvelope } from './message-envelope.js';

/**
 * A bounded FIFO ring buffer. When full, a push drops the oldest message: a slow agent loses stale news,
 * never blocks the bus, and the caller counts what was dropped.
 */
export class AgentInbox {
  private readonly slots: (MessageEnvelope | undefined)[];
  private head = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<MessageEnvelope | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Returns true when the push displaced the oldest message. */
  push(message: MessageEnvelope): boolean {
    const tail = (this.head + this.length) % this.capacity;
    this.slots[tail] = message;
    if (this.length < this.capacity) {
      this.length += 1;
      return false;
    }
    this.head = (this.head + 1) % this.capacity;
    return true;
  }

  shift(): MessageEnvelope | undefined {
    if (this.length === 0) return undefined;
    const message = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.length -= 1;
    return message;
  }
}
