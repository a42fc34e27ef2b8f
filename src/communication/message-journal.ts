import type { Outbox } from '../platform/outbox.js';
import type { MessageRow } from '../platform/outbox-streams.js';
import type { PublishOutcome } from './agent-bus.js';
import type { MessageEnvelope } from './message-envelope.js';

/**
 * Appends every signal, thesis and discussion, with what the coordinator did with it, to the outbox
 * for export. Buffered: the outbox commits them together on its next flush.
 */
export class MessageJournal {
  constructor(private readonly outbox: Outbox) {}

  record(message: MessageEnvelope, outcome: PublishOutcome): void {
    switch (message.type) {
      case 'signal':
        return this.outbox.append('signals', messageRow(message, outcome));
      case 'thesis':
        return this.outbox.append('theses', messageRow(message, outcome));
      case 'discussion':
        return this.outbox.append('discussions', {
          ...messageRow(message, outcome),
          to: message.to,
        });
      case 'guidance':
      case 'heartbeat':
        return;
    }
  }
}

function messageRow(message: MessageEnvelope, outcome: PublishOutcome): MessageRow {
  return {
    messageId: message.id,
    correlationId: message.correlationId,
    agentId: message.from,
    symbol: message.symbol,
    side: message.side,
    confidence: message.confidence,
    horizon: message.horizon,
    text: message.text,
    outcome,
    ts: message.ts,
  };
}
