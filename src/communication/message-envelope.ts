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
  /**
   * A signal with a limit price asks for a resting limit order at that price (a quote) instead of a
   * market order; it replaces the sender's open quote on the same symbol and side.
   */
  readonly limitPrice?: number;
}

/** A message to build: the sender's id comes from its `MessageIds`; `ts` defaults to market time now. */
export type EnvelopeDraft = Omit<MessageEnvelope, 'ts'> & { ts?: number };

/**
 * Builds every envelope as one literal with every field in the same order, so all envelopes share one
 * hidden class (the bus's property reads stay monomorphic) and take ~160 bytes; a spread copy of the
 * draft took ~450. Absent optional fields are `undefined`, which JSON leaves out.
 */
export function createEnvelope(draft: EnvelopeDraft, nowMs: number): MessageEnvelope {
  return Object.freeze({
    id: draft.id,
    type: draft.type,
    from: draft.from,
    to: draft.to === undefined ? undefined : Object.freeze([...draft.to]),
    ts: draft.ts ?? nowMs,
    symbol: draft.symbol,
    side: draft.side,
    confidence: draft.confidence,
    horizon: draft.horizon,
    text: draft.text,
    correlationId: draft.correlationId,
    limitPrice: draft.limitPrice,
  });
}
