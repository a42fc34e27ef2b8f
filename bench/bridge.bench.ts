import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PubSub, type Message } from '@google-cloud/pubsub';
import { ExternalAgentBridge } from '../src/bridge/external-agent-bridge.js';
import {
  ExternalTransport,
  type InboundHandler,
  type OutboundMessage,
} from '../src/bridge/external-transport.js';
import { InboundAdmissionPolicy } from '../src/bridge/inbound-admission.policy.js';
import {
  pubSubClientConfig,
  PubSubTransport,
  pubSubNames,
} from '../src/bridge/pubsub.transport.js';
import { WireContract } from '../src/bridge/wire-contract.js';
import { WireMessageCodec } from '../src/bridge/wire-message.codec.js';
import { AgentBus } from '../src/communication/agent-bus.js';
import { ExternalPresence } from '../src/communication/external-presence.js';
import { ORCHESTRATOR_ID } from '../src/communication/message-envelope.js';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import { MessageJournal } from '../src/communication/message-journal.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from '../src/communication/routing-table.js';
import { loadConfig } from '../src/config/load-config.js';
import { SEED_ROSTER } from '../src/config/roster.js';
import { ManualClock, SystemMonotonic, SystemWallClock } from '../src/platform/clock.js';
import { Outbox } from '../src/platform/outbox.js';
import { SystemTimers } from '../src/platform/timers.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { emulatorAvailable, PubSubEmulator } from '../test/support/pubsub-emulator.js';
import { printPercentiles } from './bench-result.js';

/**
 * Round trips are one at a time, and the emulator delivers by polling: each streaming-pull stream
 * sleeps 50 ms after every pull (`FakePubsubServer$StreamingPullPusher.run`, emulator 0.8.20), and an
 * ordering key stays on one stream. So each hop waits 0–50 ms, and a run's p99 depends on how the two
 * streams' phases line up: enough samples to see both modes, and the bare echo for the floor.
 */
const ROUND_TRIPS = 600;
const LOCAL_TRIPS = 5_000;
const WARMUP = 30;
/** Budgets high enough that the figures measure the path, not a throttle refusing it. */
const UNTHROTTLED = { capacity: 1e12, refillPerMinute: 1e12, cooldownMs: 0 };
const SENDER = 'freqtrade-hft';
const RECIPIENT = 'hummingbot-mm';
const PROJECT = 'cloud-trader-local';

function participants(): BusParticipant[] {
  const orchestrator = { id: ORCHESTRATOR_ID, role: ORCHESTRATOR_ROLE, symbols: [], threshold: 0 };
  return [orchestrator, ...SEED_ROSTER].map((p) => ({
    id: p.id,
    role: p.role,
    symbols: p.symbols,
    threshold: 0.5,
    throttle: UNTHROTTLED,
  }));
}

/** The service's pieces around one bus, without Nest: presence, journal, outbox (real SQLite). */
function harness(transport: ExternalTransport) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-bridge-'));
  const config = loadConfig({ DATA_DIR: dataDir, PUBSUB_HEARTBEAT_TIMEOUT_MS: '3600000' }, dataDir);
  const clock = new ManualClock(Date.now());
  const sqlite = new SqliteConnection(config.dataDir);
  const outbox = new Outbox(sqlite, clock);
  const bus = new AgentBus({
    participants: participants(),
    roles: config.roles,
    clock,
    mcpEnabled: true,
  });
  const journal = new MessageJournal(outbox);
  bus.tap((message, outcome) => journal.record(message, outcome));
  bus.attach(ORCHESTRATOR_ID, () => undefined);
  const presence = new ExternalPresence(
    config,
    new SystemMonotonic(),
    new SystemWallClock(),
    new SystemTimers(),
  );
  const bridge = new ExternalAgentBridge({
    bus,
    presence,
    transport,
    codec: new WireMessageCodec(WireContract.load().validator),
    admission: new InboundAdmissionPolicy(config.roster, config.roles),
    commit: () => outbox.flush(),
  });
  const close = () => {
    sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { bus, bridge, close };
}

function wire(type: string, extra: Record<string, unknown> = {}): Buffer {
  const body = {
    v: 1,
    id: randomUUID(),
    type,
    from: SENDER,
    ts: new Date().toISOString(),
    ...extra,
  };
  return Buffer.from(JSON.stringify(body));
}

/** Hands inbound messages straight to the bridge and notes when it publishes: the bridge alone. */
class LoopbackTransport extends ExternalTransport {
  readonly name = 'loopback';
  onInbound: InboundHandler | undefined;
  onOutbound: (message: OutboundMessage) => void = () => undefined;

  start(onInbound: InboundHandler): Promise<void> {
    this.onInbound = onInbound;
    return Promise.resolve();
  }

  publishOutbound(message: OutboundMessage): Promise<void> {
    this.onOutbound(message);
    return Promise.resolve();
  }

  publishDeadLetter(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  deliver(data: Buffer): void {
    this.onInbound?.({ data, attributes: {}, ack: () => undefined, nack: () => undefined });
  }
}

/** Bridge added time: an inbound discussion in, to its outbound copy handed to the transport. */
async function measureBridgeAdded(): Promise<number[]> {
  const transport = new LoopbackTransport();
  const { bridge, close } = harness(transport);
  await bridge.start();
  for (const agent of [SENDER, RECIPIENT]) {
    transport.deliver(
      Buffer.from(JSON.stringify({ ...JSON.parse(wire('heartbeat').toString()), from: agent })),
    );
  }
  const samples: number[] = [];
  for (let i = 0; i < LOCAL_TRIPS + WARMUP; i++) {
    const out = new Promise<number>(
      (resolve) => (transport.onOutbound = () => resolve(performance.now())),
    );
    const start = performance.now();
    transport.deliver(wire('discussion', { to: [RECIPIENT], text: `ping ${i}` }));
    const end = await out;
    if (i >= WARMUP) samples.push(end - start);
  }
  await bridge.stop();
  // Let the last group commit run before the database closes.
  await new Promise((resolve) => setImmediate(resolve));
  close();
  return samples;
}

/** The bus alone, same path in process: publish to the recipient's handler being called. */
async function measureBusOnly(): Promise<number[]> {
  const { bus, close } = harness(new LoopbackTransport());
  const clock = new ManualClock(Date.now());
  let arrived: (t: number) => void = () => undefined;
  bus.attach(RECIPIENT, () => arrived(performance.now()));
  const samples: number[] = [];
  for (let i = 0; i < LOCAL_TRIPS + WARMUP; i++) {
    const out = new Promise<number>((resolve) => (arrived = resolve));
    const start = performance.now();
    bus.publish(
      testEnvelope(
        { type: 'discussion', from: SENDER, to: [RECIPIENT], text: `ping ${i}` },
        clock.now(),
      ),
    );
    const end = await out;
    if (i >= WARMUP) samples.push(end - start);
  }
  close();
  return samples;
}

/** External agent → emulator → bridge → coordinator → bridge → emulator → external agent. */
async function measureBridgeRoundTrip(host: string): Promise<number[]> {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const transport = new PubSubTransport({
    projectId: PROJECT,
    emulatorHost: host,
    topicPrefix: prefix,
    createResources: true,
    maxInboundMessages: 500,
    maxInboundBytes: 8 * 1024 * 1024,
  });
  const { bridge, close } = harness(transport);
  await bridge.start();
  const agent = new PubSub(pubSubClientConfig(PROJECT, host));
  const names = pubSubNames(prefix);
  const [subscription] = await agent
    .topic(names.outbound)
    .createSubscription(`${prefix}-listener`, {
      filter: `attributes.recipient = "${RECIPIENT}"`,
      enableMessageOrdering: true,
    });
  const inbound = agent.topic(names.inbound, {
    messageOrdering: true,
    batching: { maxMessages: 1, maxMilliseconds: 0 },
  });
  const samples = await roundTrips(
    (data) => inbound.publishMessage({ data, orderingKey: SENDER }),
    (listener) => subscription.on('message', listener),
    async () => {
      for (const from of [SENDER, RECIPIENT]) {
        const body = {
          v: 1,
          id: randomUUID(),
          type: 'heartbeat',
          from,
          ts: new Date().toISOString(),
        };
        await inbound.publishMessage({
          data: Buffer.from(JSON.stringify(body)),
          orderingKey: from,
        });
      }
    },
  );
  await subscription.close();
  await agent.close();
  await bridge.stop();
  close();
  return samples;
}

/** The same two hops through the emulator with a bare echo in place of the bridge and coordinator. */
async function measureRawEcho(host: string): Promise<number[]> {
  const prefix = `bench-raw-${randomUUID().slice(0, 8)}`;
  const client = new PubSub(pubSubClientConfig(PROJECT, host));
  const [there] = await client.createTopic(`${prefix}-there`);
  const [back] = await client.createTopic(`${prefix}-back`);
  const [echo] = await there.createSubscription(`${prefix}-echo`, { enableMessageOrdering: true });
  const [listen] = await back.createSubscription(`${prefix}-listen`, {
    enableMessageOrdering: true,
  });
  const publishThere = client.topic(there.name, {
    messageOrdering: true,
    batching: { maxMessages: 1, maxMilliseconds: 0 },
  });
  const publishBack = client.topic(back.name, {
    messageOrdering: true,
    batching: { maxMessages: 100, maxMilliseconds: 1 },
  });
  echo.on('message', (m: Message) => {
    m.ack();
    void publishBack.publishMessage({ data: m.data, orderingKey: RECIPIENT });
  });
  const samples = await roundTrips(
    (data) => publishThere.publishMessage({ data, orderingKey: SENDER }),
    (listener) => listen.on('message', listener),
    () => Promise.resolve(),
  );
  await Promise.all([echo.close(), listen.close()]);
  await client.close();
  return samples;
}

/** One message at a time: send, wait for its echo (matched by id), record the round trip. */
async function roundTrips(
  send: (data: Buffer) => Promise<unknown>,
  listen: (listener: (m: Message) => void) => void,
  prepare: () => Promise<void>,
): Promise<number[]> {
  const waiting = new Map<string, (t: number) => void>();
  listen((m) => {
    m.ack();
    const id = (JSON.parse(m.data.toString()) as { id?: string }).id;
    if (id !== undefined) waiting.get(id)?.(performance.now());
  });
  await prepare();
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS + WARMUP; i++) {
    const data = wire('discussion', { to: [RECIPIENT], text: `ping ${i}` });
    const id = (JSON.parse(data.toString()) as { id: string }).id;
    const arrived = new Promise<number>((resolve) => waiting.set(id, resolve));
    const start = performance.now();
    await send(data);
    const end = await arrived;
    waiting.delete(id);
    if (i >= WARMUP) samples.push(end - start);
  }
  return samples;
}

export async function runBridgeBench(): Promise<void> {
  const added = await measureBridgeAdded();
  const busOnly = await measureBusOnly();
  printPercentiles('bridge_added', added, busOnly, {
    goal: 2,
    note: 'inbound decode, validate, admit, bus, inbox, forward, encode (loopback transport); baseline: the bus alone',
  });
  if (!emulatorAvailable()) {
    process.stderr.write(
      'bridge round trip: skipped (gcloud and its Pub/Sub emulator not found)\n',
    );
    return;
  }
  const emulator = await PubSubEmulator.start();
  try {
    const raw = await measureRawEcho(emulator.host);
    const bridged = await measureBridgeRoundTrip(emulator.host);
    printPercentiles('bridge_round_trip', bridged, raw, {
      goal: 100,
      note: 'external agent -> emulator -> bridge -> coordinator -> bridge -> emulator -> external agent; baseline: the same two hops with a bare echo; the emulator polls each stream every 50 ms',
    });
  } finally {
    await emulator.stop();
  }
}
