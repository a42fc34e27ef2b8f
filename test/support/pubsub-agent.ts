import { randomUUID } from 'node:crypto';
import { PubSub, type Message, type Subscription, type Topic } from '@google-cloud/pubsub';
import { pubSubClientConfig, pubSubNames } from '../../src/bridge/pubsub.transport.js';

export interface Received {
  readonly body: Record<string, unknown> | string;
  readonly attributes: Record<string, string>;
}

/**
 * A publish still unsettled this long after its 2 s deadline is stuck: grpc-js has no handshake
 * timeout, so a connection opened while the emulator was restarting can hang for ~20 s.
 */
const PUBLISH_STALL_MS = 3_000;

/**
 * An external agent as a test drives it: publishes on the inbound topic (ordering key = its agent id)
 * and listens on the outbound topic for what is addressed to it, and on the dead-letter subscription.
 * It publishes through a client of its own, which it replaces when a publish stalls, as a careful
 * agent would.
 */
export class PubSubTestAgent {
  readonly outbound: Received[] = [];
  readonly deadLetters: Received[] = [];
  /** Ids of the well-formed messages Pub/Sub confirmed. */
  readonly published = new Set<string>();
  private readonly client: PubSub;
  private publisher: PubSub;
  private inbound: Topic;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    readonly agentId: string,
    private readonly emulatorHost: string,
    private readonly prefix: string,
  ) {
    this.client = new PubSub(pubSubClientConfig('cloud-trader-local', emulatorHost));
    [this.publisher, this.inbound] = this.openPublisher();
  }

  /** Subscribes to the outbound topic (filtered to this agent) and, if asked, the dead-letter subscription. */
  async listen(deadLetters = false): Promise<void> {
    const names = pubSubNames(this.prefix);
    const [outbound] = await this.client
      .topic(names.outbound)
      .createSubscription(`${names.outbound}-${this.agentId}-${randomUUID().slice(0, 8)}`, {
        filter: `attributes.recipient = "${this.agentId}"`,
        enableMessageOrdering: true,
      });
    this.collect(outbound, this.outbound);
    if (deadLetters) {
      this.collect(this.client.subscription(names.deadLetterSubscription), this.deadLetters);
    }
  }

  message(fields: Record<string, unknown>): Record<string, unknown> {
    return { v: 1, id: randomUUID(), from: this.agentId, ts: new Date().toISOString(), ...fields };
  }

  /** Publishes raw bytes; resolves once Pub/Sub has the message, rejects if it did not take it. */
  async publishRaw(data: string, attributes: Record<string, string> = {}): Promise<void> {
    const attempt = this.inbound.publishMessage({
      data: Buffer.from(data),
      attributes,
      orderingKey: this.agentId,
    });
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>(
      (resolve) => (timer = setTimeout(() => resolve('stalled'), PUBLISH_STALL_MS)),
    );
    try {
      if ((await Promise.race([attempt, stalled])) === 'stalled') {
        // Closing the client cancels the stuck call, so it can never land after the retry.
        attempt.catch(() => undefined);
        const stale = this.publisher;
        [this.publisher, this.inbound] = this.openPublisher();
        await stale.close().catch(() => undefined);
        throw new Error(`publish stalled for ${PUBLISH_STALL_MS} ms; reconnected`);
      }
    } catch (error) {
      this.inbound.resumePublishing(this.agentId);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async publish(
    body: Record<string, unknown>,
    attributes: Record<string, string> = {},
  ): Promise<void> {
    const type = typeof body.type === 'string' ? body.type : 'unknown';
    await this.publishRaw(JSON.stringify(body), {
      type,
      from: this.agentId,
      v: '1',
      ...attributes,
    });
    if (typeof body.id === 'string') this.published.add(body.id);
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.close().catch(() => undefined)));
    await this.client.close().catch(() => undefined);
    await this.publisher.close().catch(() => undefined);
  }

  private openPublisher(): [PubSub, Topic] {
    const publisher = new PubSub(pubSubClientConfig('cloud-trader-local', this.emulatorHost));
    const inbound = publisher.topic(pubSubNames(this.prefix).inbound, {
      messageOrdering: true,
      batching: { maxMessages: 10, maxMilliseconds: 1 },
      gaxOpts: { timeout: 2_000 },
    });
    return [publisher, inbound];
  }

  private collect(subscription: Subscription, into: Received[]): void {
    subscription.on('message', (m: Message) => {
      const text = m.data.toString();
      let body: Record<string, unknown> | string;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = text;
      }
      into.push({ body, attributes: { ...m.attributes } });
      m.ack();
    });
    subscription.on('error', () => undefined);
    this.subscriptions.push(subscription);
  }
}

/** Polls `check` until it returns a value; fails after `timeoutMs` with `what`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
