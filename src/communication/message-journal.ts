import type { MessageType } from '../config/roster.js';
import type { Outbox } from '../platform/outbox.js';
import type { PublishOutcome } from './agent-bus.js';
import type { MessageEnvelope } from './message-envelope.js';

const STREAMS: Partial<Record<MessageType, string>> = {
  signal: 'signals',
  thesis: 'theses',
  discussion: 'discussions',
};

/**
 * Appends every signal, thesis and discussion, with what the coordinator did with it, to the outbox
 * for export. Buffered: the outbox commits them together on its next flush.
 */
export class MessageJournal {
  constructor(private readonly outbox: Outbox) {}

  record(message: MessageEnvelope, outcome: PublishOutcome): void {
    const stream = STREAMS[message.type];
    if (stream === undefined) return;
    this.outbox.append(stream, {
      messageId: message.id,
      correlationId: message.correlationId,
      agentId: message.from,
      to: message.to,
      symbol: message.symbol,
      side: message.side,
      confidence: message.confidence,
      horizon: message.horizon,
      text: message.text,
      outcome,
      ts: message.ts,
    });
  }
}
