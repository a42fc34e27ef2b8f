import type { MessageEnvelope } from '../communication/message-envelope.js';
import type { MessageType, Side } from '../config/roster.js';
import type { JsonSchemaValidator } from './json-schema.validator.js';
import { WIRE_VERSION } from './wire-contract.js';

/** Why an inbound message was dead-lettered: the `reason` attribute on the dead-letter topic. */
export type RejectReason =
  'malformed-json' | 'schema-violation' | 'unknown-sender' | 'not-external' | 'forbidden-type';

export type Decoded =
  | { readonly ok: true; readonly message: MessageEnvelope }
  | { readonly ok: false; readonly reason: RejectReason; readonly detail: string };

/** The wire form of an envelope (DESIGN §5): the same fields, `v`, and `ts` in ISO-8601 UTC. */
interface WireMessage {
  readonly v: number;
  readonly id: string;
  readonly type: MessageType;
  readonly from: string;
  readonly to?: readonly string[];
  readonly ts: string;
  readonly symbol?: string;
  readonly side?: Side;
  readonly confidence?: number;
  readonly horizon?: string;
  readonly text?: string;
  readonly correlationId?: string;
}

const MAX_DETAIL = 500;

/** Turns Pub/Sub payloads into bus envelopes and back. Pure: no I/O, no clock. */
export class WireMessageCodec {
  constructor(private readonly validator: JsonSchemaValidator) {}

  decode(data: Buffer): Decoded {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch (error) {
      return reject('malformed-json', error instanceof Error ? error.message : String(error));
    }
    const problems = this.validator.validate(parsed);
    if (problems.length > 0) return reject('schema-violation', problems.join('; '));
    const wire = parsed as WireMessage;
    const message: MessageEnvelope = {
      id: wire.id,
      type: wire.type,
      from: wire.from,
      ts: Date.parse(wire.ts),
      ...(wire.to === undefined ? {} : { to: Object.freeze([...wire.to]) }),
      ...(wire.symbol === undefined ? {} : { symbol: wire.symbol }),
      ...(wire.side === undefined ? {} : { side: wire.side }),
      ...(wire.confidence === undefined ? {} : { confidence: wire.confidence }),
      ...(wire.horizon === undefined ? {} : { horizon: wire.horizon }),
      ...(wire.text === undefined ? {} : { text: wire.text }),
      ...(wire.correlationId === undefined ? {} : { correlationId: wire.correlationId }),
    };
    return { ok: true, message: Object.freeze(message) };
  }

  encode(message: MessageEnvelope): Buffer {
    const wire: WireMessage = {
      ...message,
      v: WIRE_VERSION,
      ts: new Date(message.ts).toISOString(),
    };
    return Buffer.from(JSON.stringify(wire));
  }
}

export function reject(reason: RejectReason, detail: string): Decoded {
  return {
    ok: false,
    reason,
    detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail,
  };
}
