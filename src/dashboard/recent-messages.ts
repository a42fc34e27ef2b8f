import type { MessageEnvelope } from '../communication/message-envelope.js';

/** One message in the dashboard's live feed, numbered in the order it was published. */
export interface FeedEntry {
  readonly seq: number;
  readonly message: MessageEnvelope;
}

/**
 * The last few theses and discussions on the bus, for the live feed. Called from a bus tap, so `record`
 * only stores the (frozen, shared) envelope in a fixed ring: no copy, no allocation beyond the entry.
 */
export class RecentMessages {
  private readonly ring: (FeedEntry | undefined)[];
  private next = 0;
  private seq = 0;

  constructor(readonly capacity = 50) {
    this.ring = new Array<FeedEntry | undefined>(capacity);
  }

  get lastSeq(): number {
    return this.seq;
  }

  record(message: MessageEnvelope): void {
    if (message.type !== 'thesis' && message.type !== 'discussion') return;
    this.seq += 1;
    this.ring[this.next] = { seq: this.seq, message };
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first: the entries numbered after `afterSeq` that are still in the ring. */
  since(afterSeq = 0): FeedEntry[] {
    const out: FeedEntry[] = [];
    for (let k = 0; k < this.capacity; k++) {
      const entry = this.ring[(this.next + k) % this.capacity];
      if (entry && entry.seq > afterSeq) out.push(entry);
    }
    return out;
  }
}
