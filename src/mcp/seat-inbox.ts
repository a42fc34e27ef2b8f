import type { MessageEnvelope } from '../communication/message-envelope.js';

/** The most recent messages the bus delivered to a seat, oldest first, for its inbox resource. */
export class SeatInbox {
  private readonly messages: MessageEnvelope[] = [];

  constructor(private readonly capacity = 100) {}

  push(message: MessageEnvelope): void {
    this.messages.push(message);
    if (this.messages.length > this.capacity) this.messages.shift();
  }

  recent(count = this.capacity): readonly MessageEnvelope[] {
    return this.messages.slice(-count);
  }
}
