/** Attributes of a transported message (Pub/Sub attributes: string to string). */
export type TransportAttributes = Readonly<Record<string, string>>;

/** One message received from an external agent. Exactly one of `ack` or `nack` is called, once. */
export interface InboundDelivery {
  readonly data: Buffer;
  readonly attributes: TransportAttributes;
  /** Done with: the message was durably accepted or durably rejected. */
  ack(): void;
  /** Not done with: a transient failure; the transport delivers it again later. */
  nack(): void;
}

export type InboundHandler = (delivery: InboundDelivery) => void;

/** An outbound message for one external agent; the transport keeps each recipient's messages in order. */
export interface OutboundMessage {
  readonly data: Buffer;
  readonly attributes: TransportAttributes;
  readonly orderingKey: string;
}

/**
 * The channel between the coordinator and agents that run elsewhere. It owns its connection: `start`
 * returns once it has tried to connect, and from then on it reconnects by itself whenever the other
 * side goes away and comes back. Publishing rejects while the other side is unreachable.
 */
export abstract class ExternalTransport {
  abstract readonly name: string;
  abstract start(onInbound: InboundHandler): Promise<void>;
  abstract publishOutbound(message: OutboundMessage): Promise<void>;
  /** Keeps a rejected inbound message, with why, where an operator can look at it. */
  abstract publishDeadLetter(data: Buffer, attributes: TransportAttributes): Promise<void>;
  abstract stop(): Promise<void>;
}
