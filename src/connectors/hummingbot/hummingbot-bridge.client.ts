import { Logger } from '@nestjs/common';
import type { MqttClient } from 'mqtt';
import type * as MqttSdk from 'mqtt';
import { sdkOnUse } from '../../platform/sdk-on-use.js';
import type { AppConfig } from '../../config/app-config.js';
import type { WallClock } from '../../platform/clock.js';
import type { Timers } from '../../platform/timers.js';
import { HummingbotCommandError } from './hummingbot.error.js';
import {
  HUMMINGBOT_STATUS_OK,
  HUMMINGBOT_STREAMS,
  HummingbotTopics,
  type HummingbotCommand,
  type HummingbotReply,
  type HummingbotRequests,
  type HummingbotStream,
  type RpcRequest,
  type RpcResponse,
} from './hummingbot-wire.js';

const mqttSdk = sdkOnUse<typeof MqttSdk>('mqtt');

type Settings = NonNullable<AppConfig['hummingbot']>;
export type StreamListener = (stream: HummingbotStream, body: unknown) => void;

/** Who we say we are in RPC headers and where replies come back (like hummingbot-api's `hummingbot-api/response/+`). */
const NODE_ID = 'cloud-trader';
/** Commands and replies at QoS 1, as the bridge publishes them. */
const COMMAND_QOS = 1;
/** The bridge reconnects every 5 s; so do we. */
const RECONNECT_MS = 5_000;

interface Pending {
  readonly resolve: (reply: HummingbotReply) => void;
  readonly reject: (error: Error) => void;
  readonly cancelTimeout: () => void;
}

/**
 * The MQTT side of one Hummingbot instance, as hummingbot-api drives it: subscribes to the bot's
 * streams, publishes commands in the RPC envelope with a `reply_to` topic of ours and waits for the
 * reply on monotonic time. Knows nothing of the portfolio.
 */
export class HummingbotBridgeClient {
  readonly topics: HummingbotTopics;
  private readonly logger = new Logger(HummingbotBridgeClient.name);
  private readonly replyPrefix: string;
  private readonly pending = new Map<string, Pending>();
  private client: MqttClient | undefined;
  private nextId = 1;

  constructor(
    private readonly settings: Settings,
    private readonly wall: WallClock,
    private readonly timers: Timers,
    private readonly onStream: StreamListener,
  ) {
    this.topics = new HummingbotTopics(settings.namespace, settings.instanceId);
    // A run of its own, so a late reply to a command of an earlier run is never taken for one of this run.
    this.replyPrefix = `${NODE_ID}/response/${settings.instanceId}/${wall.now()}`;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Connects in the background and keeps reconnecting; resolves once the first connection is up or failed. */
  start(): Promise<void> {
    const client = mqttSdk().connect(this.settings.mqttUrl, {
      clientId: `${NODE_ID}.${this.settings.instanceId}.${this.wall.now()}`,
      username: this.settings.username,
      password: this.settings.password,
      keepalive: 60,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: this.settings.commandTimeoutMs,
    });
    this.client = client;
    client.on('message', (topic, payload) => this.receive(topic, payload));
    client.on('error', (error) => this.logger.warn(`MQTT: ${error.message}`));
    const subscriptions = Object.fromEntries([
      ...HUMMINGBOT_STREAMS.map((s) => [this.topics.stream(s), { qos: 0 as const }]),
      [`${this.replyPrefix}/+`, { qos: COMMAND_QOS }],
    ]) as Record<string, { qos: 0 | 1 }>;
    return new Promise((resolve) => {
      client.on('connect', () => {
        client.subscribe(subscriptions, (error) => {
          if (error) this.logger.warn(`MQTT subscribe failed: ${error.message}`);
          else this.logger.log(`listening to Hummingbot ${this.topics.prefix}`);
          resolve();
        });
      });
      client.once('error', () => resolve());
    });
  }

  async stop(): Promise<void> {
    for (const [topic, p] of this.pending) {
      p.cancelTimeout();
      p.reject(new HummingbotCommandError('closed', `the connector stopped (${topic})`));
    }
    this.pending.clear();
    await this.client?.endAsync();
    this.client = undefined;
  }

  /** Sends a command and waits for its reply; a 400 reply, a timeout or no connection rejects. */
  command<C extends HummingbotCommand>(
    command: C,
    data: HummingbotRequests[C],
  ): Promise<HummingbotReply> {
    const client = this.client;
    if (!client?.connected)
      return Promise.reject(
        new HummingbotCommandError('unreachable', `${command}: the broker is not connected`),
      );
    const msgId = this.nextId++;
    const replyTo = `${this.replyPrefix}/${msgId}`;
    const request: RpcRequest<C> = {
      header: {
        timestamp: this.wall.now(),
        reply_to: replyTo,
        msg_id: msgId,
        node_id: NODE_ID,
        agent: NODE_ID,
        properties: {},
      },
      data,
    };
    return new Promise<HummingbotReply>((resolve, reject) => {
      const cancelTimeout = this.timers.after(this.settings.commandTimeoutMs, () => {
        this.pending.delete(replyTo);
        reject(
          new HummingbotCommandError(
            'timeout',
            `${command}: no reply within ${this.settings.commandTimeoutMs} ms`,
          ),
        );
      });
      this.pending.set(replyTo, { resolve, reject, cancelTimeout });
      client.publish(
        this.topics.command(command),
        JSON.stringify(request),
        { qos: COMMAND_QOS },
        (error) => {
          if (!error) return;
          cancelTimeout();
          this.pending.delete(replyTo);
          reject(new HummingbotCommandError('unreachable', `${command}: ${error.message}`));
        },
      );
    }).then((reply) => {
      if (reply.status !== HUMMINGBOT_STATUS_OK)
        throw new HummingbotCommandError('refused', `${command}: ${reply.msg || reply.status}`);
      return reply;
    });
  }

  private receive(topic: string, payload: Buffer): void {
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      this.logger.warn(`not JSON on ${topic}: ignored`);
      return;
    }
    const pending = this.pending.get(topic);
    if (pending) {
      this.pending.delete(topic);
      pending.cancelTimeout();
      const data = (body as Partial<RpcResponse> | null)?.data;
      if (data && typeof data === 'object' && typeof data.status === 'number')
        pending.resolve(data);
      else
        pending.reject(new HummingbotCommandError('malformed', `reply on ${topic} has no status`));
      return;
    }
    const stream = this.topics.streamOf(topic);
    if (stream) this.onStream(stream, body);
  }
}
