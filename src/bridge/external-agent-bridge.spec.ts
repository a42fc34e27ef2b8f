import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentBus } from '../communication/agent-bus.js';
import { ExternalPresence } from '../communication/external-presence.js';
import { ORCHESTRATOR_ID, type MessageEnvelope } from '../communication/message-envelope.js';
import { testEnvelope } from '../communication/envelope.fixture.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from '../communication/routing-table.js';
import { loadConfig } from '../config/load-config.js';
import { ManualClock } from '../platform/clock.js';
import { ManualTimers } from '../platform/timers.js';
import { ExternalAgentBridge } from './external-agent-bridge.js';
import {
  ExternalTransport,
  type InboundHandler,
  type OutboundMessage,
  type TransportAttributes,
} from './external-transport.js';
import { InboundAdmissionPolicy } from './inbound-admission.policy.js';
import { WireContract } from './wire-contract.js';
import { WireMessageCodec } from './wire-message.codec.js';

/** A transport held in memory: the test plays Pub/Sub, and can make publishing hang or fail. */
class MemoryTransport extends ExternalTransport {
  readonly name = 'memory';
  readonly outbound: OutboundMessage[] = [];
  readonly deadLetters: TransportAttributes[] = [];
  readonly settled: string[] = [];
  failPublishing = false;
  holdOutbound = false;
  private onInbound: InboundHandler | undefined;

  start(onInbound: InboundHandler): Promise<void> {
    this.onInbound = onInbound;
    return Promise.resolve();
  }

  deliver(label: string, body: unknown): void {
    const data = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    this.onInbound?.({
      data,
      attributes: { label },
      ack: () => this.settled.push(`ack ${label}`),
      nack: () => this.settled.push(`nack ${label}`),
    });
  }

  publishOutbound(message: OutboundMessage): Promise<void> {
    if (this.holdOutbound) return new Promise(() => undefined);
    if (this.failPublishing) return Promise.reject(new Error('unavailable'));
    this.outbound.push(message);
    return Promise.resolve();
  }

  publishDeadLetter(_data: Buffer, attributes: TransportAttributes): Promise<void> {
    if (this.failPublishing) return Promise.reject(new Error('unavailable'));
    this.deadLetters.push(attributes);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { commit?: () => void; outboundCapacity?: number } = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'ct-bridge-'));
  const config = loadConfig({}, cwd);
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const unthrottled = { capacity: 1e9, refillPerMinute: 1e9, cooldownMs: 0 };
  const participants: BusParticipant[] = [
    {
      id: ORCHESTRATOR_ID,
      role: ORCHESTRATOR_ROLE,
      symbols: [],
      threshold: 0,
      throttle: unthrottled,
    },
    ...config.roster.map((a) => ({
      id: a.id,
      role: a.role,
      symbols: a.symbols,
      threshold: 0,
      throttle: unthrottled,
    })),
  ];
  const bus = new AgentBus({ participants, roles: config.roles, clock, mcpEnabled: true });
  const onBus: MessageEnvelope[] = [];
  bus.tap((m) => onBus.push(m));
  const timers = new ManualTimers();
  const presence = new ExternalPresence(config, timers.monotonic, clock, timers);
  const transport = new MemoryTransport();
  const bridge = new ExternalAgentBridge({
    bus,
    presence,
    transport,
    codec: new WireMessageCodec(WireContract.load().validator),
    admission: new InboundAdmissionPolicy(config.roster, config.roles),
    commit: options.commit ?? (() => undefined),
    outboundCapacity: options.outboundCapacity,
    maxOutboundInFlight: 1,
  });
  const wire = (fields: Record<string, unknown>) => ({
    v: 1,
    id: `m-${Math.random()}`,
    type: 'heartbeat',
    from: 'freqtrade-hft',
    ts: '2026-11-25T10:00:00Z',
    ...fields,
  });
  return { bus, bridge, transport, presence, onBus, wire, clock };
}

describe('ExternalAgentBridge', () => {
  it('acks an accepted message only after the commit, once', async () => {
    const order: string[] = [];
    const { bridge, transport, wire, onBus } = setup({ commit: () => order.push('commit') });
    await bridge.start();
    const signal = wire({ type: 'signal', symbol: 'BTCUSDT', side: 'buy' });
    transport.deliver('a', signal);
    expect(onBus.map((m) => m.id)).toEqual([signal.id]);
    expect(transport.settled).toEqual([]);
    await settle();
    expect(order).toEqual(['commit']);
    expect(transport.settled).toEqual(['ack a']);
    expect(bridge.counters.get('inbound', 'accepted')).toBe(1);
    // A redelivery of a message already done with is acked without reaching the bus again.
    transport.deliver('again', signal);
    expect(transport.settled).toEqual(['ack a', 'ack again']);
    expect(onBus).toHaveLength(1);
    expect(bridge.counters.get('inbound', 'duplicate')).toBe(1);
  });

  it('nacks when the commit fails, so Pub/Sub delivers again', async () => {
    const { bridge, transport, wire } = setup({
      commit: () => {
        throw new Error('disk full');
      },
    });
    await bridge.start();
    transport.deliver('a', wire({}));
    await settle();
    expect(transport.settled).toEqual(['nack a']);
    expect(bridge.counters.get('inbound', 'nacked')).toBe(1);
  });

  it('dead-letters with a reason and acks; nacks when the dead-letter topic is unreachable', async () => {
    const { bridge, transport, onBus } = setup();
    await bridge.start();
    transport.deliver('bad', 'not json');
    await settle();
    expect(transport.deadLetters).toEqual([
      expect.objectContaining({ label: 'bad', reason: 'malformed-json' }),
    ]);
    expect(transport.settled).toEqual(['ack bad']);
    transport.failPublishing = true;
    transport.deliver('worse', 'not json either');
    await settle();
    expect(transport.settled).toEqual(['ack bad', 'nack worse']);
    expect(onBus).toEqual([]);
  });

  it('takes over a connected agent’s inbox and publishes what it receives, with attributes', async () => {
    const { bridge, transport, wire, bus, clock } = setup();
    await bridge.start();
    const guidance = testEnvelope(
      { type: 'guidance', from: ORCHESTRATOR_ID, to: ['freqtrade-hft'], text: 'g' },
      clock.now(),
    );
    transport.deliver('hb', wire({}));
    bus.publish(guidance);
    await bus.whenIdle();
    await settle();
    expect(transport.outbound).toEqual([
      {
        data: expect.any(Buffer) as Buffer,
        attributes: { recipient: 'freqtrade-hft', type: 'guidance', from: ORCHESTRATOR_ID, v: '1' },
        orderingKey: 'freqtrade-hft',
      },
    ]);
    expect(JSON.parse(transport.outbound[0].data.toString())).toMatchObject({
      id: guidance.id,
      v: 1,
    });
    expect(bridge.counters.get('outbound', 'published')).toBe(1);
  });

  it('never blocks the bus: a full outbound queue drops and counts', async () => {
    const { bridge, transport, wire, bus, clock } = setup({ outboundCapacity: 2 });
    await bridge.start();
    transport.holdOutbound = true;
    transport.deliver('hb', wire({}));
    for (let i = 0; i < 5; i++) {
      bus.publish(
        testEnvelope(
          { type: 'guidance', from: ORCHESTRATOR_ID, to: ['freqtrade-hft'], text: `${i}` },
          clock.now(),
        ),
      );
    }
    await bus.whenIdle();
    // One in flight (held), two queued, two dropped.
    expect(bridge.counters.get('outbound', 'dropped')).toBe(2);
    expect(bridge.outboundBacklog).toBe(3);
  });
});
