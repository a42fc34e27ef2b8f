import { Logger } from '@nestjs/common';
import type { ClientConfig, Message, PubSub, Subscription, Topic } from '@google-cloud/pubsub';
import type * as PubSubSdk from '@google-cloud/pubsub';
import { sdkOnUse } from '../platform/sdk-on-use.js';
import {
  ExternalTransport,
  type InboundHandler,
  type OutboundMessage,
  type TransportAttributes,
} from './external-transport.js';
import { ComponentLifecycle } from '../platform/component-lifecycle.js';
import { type CancelTimer, SystemTimers, type Timers } from '../platform/timers.js';

const pubSubSdk = sdkOnUse<typeof PubSubSdk>('@google-cloud/pubsub');

/** gRPC status ALREADY_EXISTS: creating a topic or subscription that is there is fine. */
const ALREADY_EXISTS = 6;
const RECONNECT_MIN_MS = 200;
/** Small enough that the bridge is back within seconds of Pub/Sub returning. */
const RECONNECT_MAX_MS = 2_000;
/** Admin and publish calls give up after this, so an outage surfaces instead of hanging. */
const CALL_TIMEOUT_MS = 5_000;

export interface PubSubTransportOptions {
  readonly projectId: string;
  /** `host:port` of an emulator; unset = Google's endpoint. */
  readonly emulatorHost?: string;
  readonly topicPrefix: string;
  /** Create the topics and subscriptions when missing (off where infrastructure code owns them). */
  readonly createResources: boolean;
  /** Flow control: at most this many inbound messages, and bytes, held unacknowledged in memory. */
  readonly maxInboundMessages: number;
  readonly maxInboundBytes: number;
  /** Reconnect back-off runs on real time. */
  readonly timers?: Timers;
}

/** The bridge's Pub/Sub resources, all named after the prefix. */
export function pubSubNames(prefix: string) {
  return {
    inbound: `${prefix}-inbound`,
    outbound: `${prefix}-outbound`,
    deadLetter: `${prefix}-dead-letter`,
    inboundSubscription: `${prefix}-inbound-sub`,
    /** A topic without a subscription keeps nothing: this one keeps rejected messages for operators. */
    deadLetterSubscription: `${prefix}-dead-letter-sub`,
  } as const;
}

/**
 * Pub/Sub client options. An emulator (`host:port`) needs no credentials; naming the universe keeps the
 * client from probing for Google credentials (the GCE metadata server) before it connects. gRPC's own
 * reconnect backoff grows to two minutes; capped, a Pub/Sub that comes back is seen within seconds.
 */
export function pubSubClientConfig(projectId: string, emulatorHost?: string): ClientConfig {
  const config: ClientConfig = { projectId };
  if (emulatorHost !== undefined) {
    config.apiEndpoint = emulatorHost;
    config.clientOptions = { universeDomain: 'googleapis.com' };
  }
  // Channel options the typings do not list; google-gax hands every `grpc.*` key to the channel.
  return Object.assign(config, {
    'grpc.initial_reconnect_backoff_ms': RECONNECT_MIN_MS,
    'grpc.max_reconnect_backoff_ms': RECONNECT_MAX_MS,
  });
}

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * External agents over Google Pub/Sub (`@google-cloud/pubsub`): they publish on `-inbound` with their
 * agent id as ordering key; the bridge listens on `-inbound-sub` (ordered, flow-controlled), publishes
 * to `-outbound` keyed by recipient and keeps rejects on `-dead-letter`. When the subscription fails
 * (Pub/Sub gone, resources lost with a restarted emulator) it recreates what is missing and reopens.
 */
export class PubSubTransport extends ExternalTransport {
  readonly name = 'pubsub';
  private readonly client: PubSub;
  private readonly names: ReturnType<typeof pubSubNames>;
  private readonly outbound: Topic;
  private readonly deadLetter: Topic;
  private readonly logger = new Logger(PubSubTransport.name);
  private subscription: Subscription | undefined;
  private onInbound: InboundHandler | undefined;
  private reconnectTimer: CancelTimer | undefined;
  private readonly timers: Timers;
  private backoffMs = RECONNECT_MIN_MS;
  private readonly lifecycle = new ComponentLifecycle('pub/sub transport');

  constructor(private readonly options: PubSubTransportOptions) {
    super();
    this.timers = options.timers ?? new SystemTimers();
    this.client = new (pubSubSdk().PubSub)(
      pubSubClientConfig(options.projectId, options.emulatorHost),
    );
    this.names = pubSubNames(options.topicPrefix);
    const publishing = {
      // Latency over batch size: external agents want their answer now.
      batching: { maxMessages: 100, maxMilliseconds: 1 },
      gaxOpts: { timeout: CALL_TIMEOUT_MS },
    };
    this.outbound = this.client.topic(this.names.outbound, {
      ...publishing,
      messageOrdering: true,
    });
    this.deadLetter = this.client.topic(this.names.deadLetter, publishing);
  }

  async start(onInbound: InboundHandler): Promise<void> {
    this.onInbound = onInbound;
    await this.lifecycle.start(() => this.connect());
  }

  async publishOutbound(message: OutboundMessage): Promise<void> {
    try {
      await this.outbound.publishMessage(message);
    } catch (error) {
      // After a failure Pub/Sub holds back the key's later messages until told to resume.
      this.outbound.resumePublishing(message.orderingKey);
      throw error;
    }
  }

  async publishDeadLetter(data: Buffer, attributes: TransportAttributes): Promise<void> {
    await this.deadLetter.publishMessage({ data, attributes });
  }

  async stop(): Promise<void> {
    this.lifecycle.stop(() => this.reconnectTimer?.());
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) await subscription.close().catch(() => undefined);
    await this.client.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = undefined;
    if (this.lifecycle.isStopping) return;
    try {
      if (this.options.createResources) await this.ensureResources();
      if (this.lifecycle.isStopping) return;
      this.listen();
      this.backoffMs = RECONNECT_MIN_MS;
      this.logger.log(`listening on ${this.names.inboundSubscription}`);
    } catch (error) {
      this.logger.warn(`Pub/Sub unavailable (${describe(error)}); retrying`);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.lifecycle.isStopping || this.reconnectTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(RECONNECT_MAX_MS, this.backoffMs * 2);
    this.reconnectTimer = this.timers.after(delay, () => void this.connect());
  }

  private listen(): void {
    const subscription = this.client.subscription(this.names.inboundSubscription, {
      flowControl: {
        maxMessages: this.options.maxInboundMessages,
        maxBytes: this.options.maxInboundBytes,
        allowExcessMessages: false,
      },
      batching: { maxMilliseconds: 10 },
      streamingOptions: {
        maxStreams: 2,
        retryMaxBackoff: pubSubSdk().Duration.from({ seconds: 2 }),
      },
    });
    subscription.on('message', (message: Message) =>
      this.onInbound?.({
        data: message.data,
        attributes: message.attributes,
        ack: () => message.ack(),
        nack: () => message.nack(),
      }),
    );
    const lost = (why: string) => {
      if (this.subscription !== subscription) return;
      this.subscription = undefined;
      subscription.removeAllListeners('message');
      void subscription.close().catch(() => undefined);
      if (this.lifecycle.isStopping) return;
      this.logger.warn(`inbound subscription lost (${why}); reconnecting`);
      this.scheduleReconnect();
    };
    subscription.on('error', (error: unknown) => lost(describe(error)));
    subscription.on('close', () => lost('closed'));
    this.subscription = subscription;
  }

  private async ensureResources(): Promise<void> {
    const { names } = this;
    for (const topic of [names.inbound, names.outbound, names.deadLetter]) {
      await this.tolerateExisting(this.client.createTopic(topic, { timeout: CALL_TIMEOUT_MS }));
    }
    await this.tolerateExisting(
      this.client.topic(names.inbound).createSubscription(names.inboundSubscription, {
        enableMessageOrdering: true,
        ackDeadlineSeconds: 30,
        gaxOpts: { timeout: CALL_TIMEOUT_MS },
      }),
    );
    await this.tolerateExisting(
      this.client.topic(names.deadLetter).createSubscription(names.deadLetterSubscription, {
        gaxOpts: { timeout: CALL_TIMEOUT_MS },
      }),
    );
  }

  private async tolerateExisting(creation: Promise<unknown>): Promise<void> {
    try {
      await creation;
    } catch (error) {
      if (codeOf(error) !== ALREADY_EXISTS) throw error;
    }
  }
}
