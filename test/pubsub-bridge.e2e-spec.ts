import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { AgentStatus } from '../src/agents/agent-runtime.service.js';
import { BridgeService } from '../src/bridge/bridge.service.js';
import { ExternalPresence } from '../src/communication/external-presence.js';
import type { PublishOutcome } from '../src/communication/agent-bus.js';
import { type MessageEnvelope } from '../src/communication/message-envelope.js';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import { OrchestratorService } from '../src/orchestration/orchestrator.service.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { eventually, PubSubTestAgent } from './support/pubsub-agent.js';
import { emulatorAvailable, PubSubEmulator } from './support/pubsub-emulator.js';
import { TestApp } from './support/test-app.js';
import { testConfig } from './support/test-config.js';

const HEARTBEAT_TIMEOUT_MS = 3_000;
const describeWithEmulator = emulatorAvailable() ? describe : describe.skip;

describeWithEmulator('external agents over Pub/Sub (real emulator)', () => {
  let emulator: PubSubEmulator;
  let app: TestApp;
  let freqtrade: PubSubTestAgent;
  const prefix = `ct-${randomUUID().slice(0, 8)}`;
  const onBus: { message: MessageEnvelope; outcome: PublishOutcome }[] = [];

  beforeAll(async () => {
    emulator = await PubSubEmulator.start();
    app = await TestApp.start(
      testConfig({
        PUBSUB_EMULATOR_HOST: emulator.host,
        PUBSUB_TOPIC_PREFIX: prefix,
        PUBSUB_HEARTBEAT_TIMEOUT_MS: String(HEARTBEAT_TIMEOUT_MS),
      }),
    );
    app.coordinator.bus.tap((message, outcome) => onBus.push({ message, outcome }));
    await app.advance(5);
    freqtrade = new PubSubTestAgent('freqtrade-hft', emulator.host, prefix);
    await freqtrade.listen(true);
  }, 90_000);

  afterAll(async () => {
    await freqtrade?.close();
    await app?.close();
    await emulator?.stop();
  }, 30_000);

  const get = async <T>(path: string): Promise<T> => {
    const response = await request(app.server).get(path);
    expect(response.status).toBe(200);
    return response.body as T;
  };
  const stateOf = async (agentId: string) =>
    (await get<{ agents: AgentStatus[] }>('/agents')).agents.find((a) => a.agentId === agentId)
      ?.state;
  const reachedBus = (id: string) => onBus.find((e) => e.message.id === id);

  it('serves wire contract v1 as a JSON Schema', async () => {
    const response = await request(app.server).get('/contracts/agent-message.v1.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/schema+json');
    const schema = JSON.parse(response.text) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['v', 'id', 'type', 'from', 'ts']),
    );
  });

  it("an external agent's heartbeat connects it, and its built-in stand-in steps aside", async () => {
    await freqtrade.publish(freqtrade.message({ type: 'heartbeat' }));
    await eventually('the stand-in to pause', async () =>
      (await stateOf('freqtrade-hft')) === 'paused' ? true : undefined,
    );
    expect(await stateOf('hummingbot-mm')).toBe('running');
  });

  it("an external agent's signal reaches the orchestrator and shows in its activity", async () => {
    const signal = freqtrade.message({
      type: 'signal',
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.9,
      horizon: '15m',
      text: 'external momentum',
    });
    await freqtrade.publish(signal);
    const db = app.app.get(SqliteConnection).db;
    const order = await eventually('an order for the external signal', () =>
      db.prepare('SELECT agent_id FROM orders WHERE signal_id = ?').get(signal.id as string),
    );
    expect(order).toEqual({ agent_id: 'freqtrade-hft' });
    const activity = await get<{ agents: { agentId: string; sent: number; lastSeenAt: string }[] }>(
      '/agent-activity',
    );
    const mine = activity.agents.find((a) => a.agentId === 'freqtrade-hft');
    expect(mine?.sent).toBeGreaterThanOrEqual(1);
    expect(Date.parse(mine?.lastSeenAt ?? '')).not.toBeNaN();
  });

  it('a broadcast and guidance for the external agent reach it on the outbound topic', async () => {
    const heartbeatSentAt = Date.now();
    await freqtrade.publish(freqtrade.message({ type: 'heartbeat' }));
    // Connected again for sure (the timeout is short here): the bridge holds its inbox.
    await eventually('the heartbeat to arrive', () => {
      const at = app.app.get(ExternalPresence).lastSeenAt('freqtrade-hft');
      return at !== undefined && at >= heartbeatSentAt ? true : undefined;
    });
    const thesis = testEnvelope(
      {
        type: 'thesis',
        from: 'lag-llama',
        symbol: 'BTCUSDT',
        confidence: 1,
        horizon: '1h',
        text: 'probe thesis',
      },
      Date.now(),
    );
    expect(app.coordinator.bus.publish(thesis)).toBe('accepted');
    app.app.get(OrchestratorService).sendGuidance('freqtrade-hft');
    const received = await eventually('the thesis on the outbound topic', () =>
      freqtrade.outbound.find((r) => typeof r.body === 'object' && r.body.id === thesis.id),
    );
    expect(received.attributes).toEqual({
      recipient: 'freqtrade-hft',
      type: 'thesis',
      from: 'lag-llama',
      v: '1',
    });
    expect(received.body).toMatchObject({ v: 1, type: 'thesis', symbol: 'BTCUSDT' });
    expect(Date.parse((received.body as { ts: string }).ts)).toBe(thesis.ts);
    await eventually('guidance on the outbound topic', () =>
      freqtrade.outbound.find((r) => (r.attributes.type === 'guidance' ? r : undefined)),
    );
  });

  it('dead-letters malformed, unknown-sender, in-process-sender and forbidden-type messages', async () => {
    await freqtrade.publishRaw('{"v":1,"type":', { probe: 'malformed' });
    await freqtrade.publish(freqtrade.message({ type: 'signal', v: 2 }), { probe: 'schema' });
    await freqtrade.publish(freqtrade.message({ type: 'heartbeat', from: 'ghost-agent' }), {
      probe: 'unknown',
    });
    await freqtrade.publish(freqtrade.message({ type: 'heartbeat', from: 'qwen' }), {
      probe: 'in-process',
    });
    await freqtrade.publish(freqtrade.message({ type: 'thesis', text: 'not mine to send' }), {
      probe: 'forbidden',
    });
    const reasons = await eventually('five dead letters', () => {
      const byProbe = new Map(freqtrade.deadLetters.map((d) => [d.attributes.probe, d.attributes]));
      return byProbe.size >= 5 ? byProbe : undefined;
    });
    expect(Object.fromEntries([...reasons].map(([probe, a]) => [probe, a.reason]))).toEqual({
      malformed: 'malformed-json',
      schema: 'schema-violation',
      unknown: 'unknown-sender',
      'in-process': 'not-external',
      forbidden: 'forbidden-type',
    });
    expect(reasons.get('schema')?.detail).toContain('/v');
    expect(freqtrade.deadLetters.find((d) => d.attributes.probe === 'malformed')?.body).toBe(
      '{"v":1,"type":',
    );
    const metrics = (await request(app.server).get('/metrics')).text;
    expect(metrics).toMatch(
      /pubsub_bridge_messages_total\{direction="inbound",outcome="dead_lettered"\} [5-9]/,
    );
    // The service carries on.
    expect((await request(app.server).get('/healthz')).status).toBe(200);
  });

  it('the stand-in returns when the external agent goes silent', async () => {
    await eventually(
      'the stand-in to resume',
      async () => ((await stateOf('freqtrade-hft')) === 'running' ? true : undefined),
      HEARTBEAT_TIMEOUT_MS + 5_000,
    );
  });

  it('recovers by itself when the emulator stops and restarts mid-stream, losing nothing acked', async () => {
    const confirmed: { id: string; at: number }[] = [];
    let publishing = true;
    const stream = (async () => {
      for (let seq = 0; publishing; seq++) {
        const body = freqtrade.message({
          type: 'signal',
          symbol: 'ETHUSDT',
          side: seq % 2 === 0 ? 'buy' : 'sell',
          confidence: 0.3,
          text: `seq ${seq}`,
        });
        // An external agent retries until Pub/Sub has the message (or it is told to stop).
        while (publishing) {
          try {
            await freqtrade.publish(body);
            confirmed.push({ id: body.id as string, at: Date.now() });
            break;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    // However the test ends, the agent stops: a publishing loop left running would keep jest alive.
    const stopPublishing = async () => {
      publishing = false;
      await stream;
    };
    let firstAfter: { id: string; at: number };
    try {
      await eventually('messages flowing', () =>
        confirmed.filter((c) => reachedBus(c.id)).length >= 5 ? true : undefined,
      );
      await emulator.stop();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await emulator.start();
      const restartedAt = Date.now();
      // Recovered: a message published after the restart reaches the coordinator within 10 s.
      firstAfter = await eventually(
        'a message published after the restart on the bus',
        () => confirmed.find((c) => c.at > restartedAt && reachedBus(c.id)),
        10_000,
      );
      await eventually('five more after it', () =>
        confirmed.filter((c) => c.at > firstAfter.at && reachedBus(c.id)).length >= 5
          ? true
          : undefined,
      );
    } finally {
      await stopPublishing();
    }
    const last = confirmed[confirmed.length - 1];
    await eventually('the last message on the bus', () => reachedBus(last.id));
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Everything published once the bridge was back arrived.
    const after = confirmed.filter((c) => c.at >= firstAfter.at);
    expect(after.filter((c) => !reachedBus(c.id))).toEqual([]);
    // Nothing acked was lost: every ack follows the message onto the bus and the outbox commit, so
    // acked (accepted + throttled) equals the distinct messages the coordinator saw, none twice.
    const fromAgent = onBus.filter((e) => freqtrade.published.has(e.message.id));
    expect(new Set(fromAgent.map((e) => e.message.id)).size).toBe(fromAgent.length);
    const counters = app.app.get(BridgeService).counters;
    expect(counters.get('inbound', 'accepted') + counters.get('inbound', 'throttled')).toBe(
      fromAgent.length,
    );
  }, 60_000);
});
