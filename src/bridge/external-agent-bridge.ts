import { Logger } from '@nestjs/common';
import type { AgentBus } from '../communication/agent-bus.js';
import type { ExternalPresence } from '../communication/external-presence.js';
import type { MessageEnvelope } from '../communication/message-envelope.js';
import { BridgeCounters, type BridgeOutcome } from './bridge-counters.js';
import type {
  ExternalTransport,
  InboundDelivery,
  TransportAttributes,
} from './external-transport.js';
import type { InboundAdmissionPolicy } from './inbound-admission.policy.js';
import { OutboundQueue } from './outbound-queue.js';
import { RecentIds } from './recent-ids.js';
import { WIRE_VERSION } from './wire-contract.js';
import type { RejectReason, WireMessageCodec } from './wire-message.codec.js';

export interface ExternalAgentBridgeOptions {
  readonly bus: AgentBus;
  readonly presence: ExternalPresence;
  readonly transport: ExternalTransport;
  readonly codec: WireMessageCodec;
  readonly admission: InboundAdmissionPolicy;
  /** Makes everything the bus journaled so far durable (the outbox's group commit); throws on failure. */
  readonly commit: () => void;
  readonly outboundCapacity?: number;
  readonly maxOutboundInFlight?: number;
}

interface Accepted {
  readonly delivery: InboundDelivery;
  readonly key: string;
  readonly outcome: BridgeOutcome;
}

interface Outgoing {
  readonly recipient: string;
  readonly message: MessageEnvelope;
}

/** Kept under Pub/Sub's 100 attributes once `reason` and `detail` are added. */
const MAX_KEPT_ATTRIBUTES = 64;
const WIRE_VERSION_ATTRIBUTE = String(WIRE_VERSION);

/**
 * Joins external agents to the coordinator. Inbound: decode, validate, admit, then publish on the same
 * bus as in-process agents; acked only after the outbox commit that makes the bus's journal durable,
 * dead-lettered with a reason when refused, nacked on a transient failure. Outbound: while an external
 * agent is connected this bridge drains its inbox into a bounded queue published on the outbound topic,
 * so a slow or absent Pub/Sub never blocks the bus.
 */
export class ExternalAgentBridge {
  readonly counters = new BridgeCounters();
  private readonly outbound: OutboundQueue<Outgoing>;
  private readonly maxInFlight: number;
  private readonly recent = new RecentIds(10_000);
  private readonly logger = new Logger(ExternalAgentBridge.name);
  private accepted: Accepted[] = [];
  private commitScheduled = false;
  private inFlight = 0;
  private egressFailing = false;
  private unwatch: (() => void) | undefined;
  private readonly commitAccepted = () => this.commitBatch();

  constructor(private readonly options: ExternalAgentBridgeOptions) {
    this.outbound = new OutboundQueue(options.outboundCapacity ?? 1_024);
    this.maxInFlight = options.maxOutboundInFlight ?? 64;
  }

  async start(): Promise<void> {
    const { presence, bus } = this.options;
    // Connect is ours to act on (take the inbox); on disconnect the stand-in's runtime takes it back.
    this.unwatch = presence.onChange((agentId, connected) => {
      if (connected && presence.channelOf(agentId) === 'pubsub')
        bus.attach(agentId, (message) => this.forward(agentId, message));
    });
    await this.options.transport.start((delivery) => this.receive(delivery));
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    await this.options.transport.stop();
  }

  get outboundBacklog(): number {
    return this.outbound.size + this.inFlight;
  }

  receive(delivery: InboundDelivery): void {
    const { codec, admission, presence, bus } = this.options;
    const decoded = codec.decode(delivery.data);
    if (!decoded.ok) return this.deadLetter(delivery, decoded.reason, decoded.detail);
    const message = decoded.message;
    const admitted = admission.admit(message);
    if (!admitted.admitted) return this.deadLetter(delivery, admitted.reason, admitted.detail);
    const key = `${message.from}/${message.id}`;
    if (this.recent.has(key)) {
      this.counters.add('inbound', 'duplicate');
      return delivery.ack();
    }
    presence.seen(message.from);
    let outcome;
    try {
      outcome = bus.publish(message);
    } catch (error) {
      this.counters.add('inbound', 'nacked');
      this.logger.error(`inbound ${message.type} from ${message.from} failed: ${describe(error)}`);
      return delivery.nack();
    }
    if (outcome === 'rejected') {
      return this.deadLetter(delivery, 'forbidden-type', `the coordinator refused ${message.type}`);
    }
    this.accepted.push({
      delivery,
      key,
      outcome: outcome === 'throttled' ? 'throttled' : 'accepted',
    });
    if (!this.commitScheduled) {
      this.commitScheduled = true;
      setImmediate(this.commitAccepted);
    }
  }

  /** The inbox handler of a connected external agent: never blocks, drops and counts when full. */
  private forward(recipient: string, message: MessageEnvelope): void {
    if (!this.outbound.offer({ recipient, message })) {
      this.counters.add('outbound', 'dropped');
      return;
    }
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight) {
      const next = this.outbound.take();
      if (next === undefined) return;
      this.inFlight += 1;
      void this.publishOutbound(next).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async publishOutbound({ recipient, message }: Outgoing): Promise<void> {
    try {
      await this.options.transport.publishOutbound({
        data: this.options.codec.encode(message),
        attributes: {
          recipient,
          type: message.type,
          from: message.from,
          v: WIRE_VERSION_ATTRIBUTE,
        },
        orderingKey: recipient,
      });
      this.counters.add('outbound', 'published');
      if (this.egressFailing) this.logger.log('outbound publishing recovered');
      this.egressFailing = false;
    } catch (error) {
      this.counters.add('outbound', 'failed');
      if (!this.egressFailing) this.logger.warn(`outbound publishing failing: ${describe(error)}`);
      this.egressFailing = true;
    }
  }

  /** One commit for everything accepted since the last: then each is acked, or all are nacked. */
  private commitBatch(): void {
    this.commitScheduled = false;
    const batch = this.accepted;
    this.accepted = [];
    try {
      this.options.commit();
    } catch (error) {
      this.logger.error(`could not commit ${batch.length} inbound messages: ${describe(error)}`);
      for (const item of batch) {
        this.counters.add('inbound', 'nacked');
        item.delivery.nack();
      }
      return;
    }
    for (const item of batch) {
      this.counters.add('inbound', item.outcome);
      this.recent.add(item.key);
      item.delivery.ack();
    }
  }

  private deadLetter(delivery: InboundDelivery, reason: RejectReason, detail: string): void {
    const attributes: TransportAttributes = {
      ...Object.fromEntries(Object.entries(delivery.attributes).slice(0, MAX_KEPT_ATTRIBUTES)),
      reason,
      detail,
    };
    this.options.transport.publishDeadLetter(delivery.data, attributes).then(
      () => {
        this.counters.add('inbound', 'dead_lettered');
        delivery.ack();
      },
      (error: unknown) => {
        this.counters.add('inbound', 'nacked');
        this.logger.warn(`dead-letter publish failed (${describe(error)}); will retry`);
        delivery.nack();
      },
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
