import { randomUUID } from 'node:crypto';
import type { MessageType, Side } from '../config/roster.js';

export type { MessageType, Side } from '../config/roster.js';

/** The orchestrator's address on the bus: it receives every signal and thesis and sends guidance. */
export const ORCHESTRATOR_ID = 'orchestrator';

/**
 * One message on the agent bus. Frozen at creation and shared by every recipient: never cloned, never
 * changed. `to` names agent ids or role names (discussion, guidance). `ts` is epoch milliseconds.
 */
export interface MessageEnvelope {
  readonly id: string;
  readonly type: MessageType;
  readonly from: string;
  readonly to?: readonly string[];
  readonly ts: number;
  readonly symbol?: string;
  readonly side?: Side;
  /** 0–1: how sure the sender is. */
  readonly confidence?: number;
  /** How far ahead the message looks, e.g. `15m`, `4h`. */
  readonly horizon?: string;
  readonly text?: string;
  /** Links a message to the one that caused it (a reply to a discussion, a signal to its thesis). */
  readonly correlationId?: string;
}

export type EnvelopeDraft = Omit<MessageEnvelope, 'id' | 'ts'> & { id?: string; ts?: number };

export function createEnvelope(draft: EnvelopeDraft, nowMs: number): MessageEnvelope {
  const envelope: MessageEnvelope = {
    ...draft,
    id: draft.id ?? randomUUID(),
    ts: draft.ts ?? nowMs,
  };
  if (envelope.to) Object.freeze(envelope.to);
  return Object.freeze(envelope);
}
