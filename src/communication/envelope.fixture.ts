import { createEnvelope, type EnvelopeDraft, type MessageEnvelope } from './message-envelope.js';

let sequence = 0;

/** Tests and benchmarks: an envelope whose id, unless given, is the next of a process-wide sequence. */
export function testEnvelope(
  draft: Omit<EnvelopeDraft, 'id'> & { readonly id?: string },
  nowMs = 0,
): MessageEnvelope {
  return createEnvelope({ ...draft, id: draft.id ?? `test-${++sequence}` }, nowMs);
}
