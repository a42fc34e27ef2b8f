#!/usr/bin/env node
// An external agent for Cloud Trader, speaking wire contract v1 over Pub/Sub (see README, "External
// agents"). It joins as freqtrade-hft (or AGENT_ID), heartbeats so the coordinator counts it connected,
// asks the risk analyst `qwen` a question every few seconds and prints the answer's round trip, sends a
// signal now and then, and prints everything the coordinator delivers to it on the outbound topic.
//
//   PUBSUB_EMULATOR_HOST=127.0.0.1:8085 node examples/external-agent.js [--count 5]
//
// Plain JavaScript so it runs with `node` alone; it needs only @google-cloud/pubsub.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { PubSub } from '@google-cloud/pubsub';

const env = process.env;
const agentId = env.AGENT_ID ?? 'freqtrade-hft';
const prefix = env.PUBSUB_TOPIC_PREFIX ?? 'cloud-trader';
const emulatorHost = env.PUBSUB_EMULATOR_HOST;
const countAt = process.argv.indexOf('--count');
const wanted = countAt > 0 ? Number(process.argv[countAt + 1]) : Infinity;
const HEARTBEAT_MS = 5_000;
const QUESTION_MS = 3_000;

const pubsub = new PubSub({
  projectId: env.GCP_PROJECT_ID ?? 'cloud-trader-local',
  // With an emulator: no credentials, and no probing for them.
  ...(emulatorHost
    ? { apiEndpoint: emulatorHost, clientOptions: { universeDomain: 'googleapis.com' } }
    : {}),
});
// Ordering key = our agent id, so the coordinator sees our messages in the order we sent them.
const inbound = pubsub.topic(`${prefix}-inbound`, {
  messageOrdering: true,
  batching: { maxMessages: 10, maxMilliseconds: 1 },
});

/** A wire contract v1 message from us (GET /contracts/agent-message.v1.json has the schema). */
function message(fields) {
  return { v: 1, id: randomUUID(), from: agentId, ts: new Date().toISOString(), ...fields };
}

async function send(body) {
  try {
    await inbound.publishMessage({
      data: Buffer.from(JSON.stringify(body)),
      attributes: { type: body.type, from: agentId, v: '1' },
      orderingKey: agentId,
    });
  } catch (error) {
    inbound.resumePublishing(agentId);
    console.error(`publish failed (${error.message}); will try again`);
  }
}

/** Our own subscription on the outbound topic, filtered to messages addressed to us. */
async function outboundSubscription() {
  const name = `${prefix}-outbound-${agentId}`;
  const subscription = pubsub.subscription(name);
  const [exists] = await subscription.exists();
  if (!exists) {
    await pubsub.topic(`${prefix}-outbound`).createSubscription(name, {
      filter: `attributes.recipient = "${agentId}"`,
      enableMessageOrdering: true,
    });
  }
  return subscription;
}

const asked = new Map();
let answered = 0;
const subscription = await outboundSubscription();
subscription.on('error', (error) => console.error(`subscription: ${error.message}`));
subscription.on('message', (m) => {
  m.ack();
  const body = JSON.parse(m.data.toString());
  const sentAt = asked.get(body.correlationId);
  if (sentAt !== undefined) {
    asked.delete(body.correlationId);
    answered += 1;
    const ms = (performance.now() - sentAt).toFixed(1);
    console.log(`round trip ${ms} ms: ${body.from} answered: ${body.text}`);
    if (answered >= wanted) void stop();
    return;
  }
  console.log(`${m.attributes.type} from ${m.attributes.from}: ${body.text ?? body.symbol ?? ''}`);
});

async function ask() {
  const question = message({
    type: 'discussion',
    to: ['qwen'],
    text: 'Is BTC momentum worth a small long?',
  });
  asked.set(question.id, performance.now());
  await send(question);
}

let round = 0;
const timers = [
  setInterval(() => void send(message({ type: 'heartbeat' })), HEARTBEAT_MS),
  setInterval(() => {
    round += 1;
    void ask();
    if (round % 5 === 0) {
      void send(
        message({
          type: 'signal',
          symbol: 'BTCUSDT',
          side: 'buy',
          confidence: 0.7,
          horizon: '15m',
          text: 'example agent',
        }),
      );
    }
  }, QUESTION_MS),
];

async function stop() {
  for (const timer of timers) clearInterval(timer);
  await subscription.close();
  await pubsub.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

await send(message({ type: 'heartbeat' }));
console.log(
  `${agentId} connected via ${emulatorHost ?? 'Google Cloud Pub/Sub'} (prefix ${prefix}); Ctrl-C to stop`,
);
await ask();
