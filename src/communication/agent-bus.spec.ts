import { SEED_ROLES } from '../config/roster.js';
import { ManualClock } from '../platform/clock.js';
import { AgentBus } from './agent-bus.js';
import { CommunicationError } from './communication.error.js';
import { ORCHESTRATOR_ID, type EnvelopeDraft, type MessageEnvelope } from './message-envelope.js';
import { testEnvelope } from './envelope.fixture.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from './routing-table.js';

const generous = { capacity: 100, refillPerMinute: 6000, cooldownMs: 1_000 };
const participants: BusParticipant[] = [
  { id: ORCHESTRATOR_ID, role: ORCHESTRATOR_ROLE, symbols: [], threshold: 0, throttle: generous },
  {
    id: 'hft-1',
    role: 'hft',
    symbols: ['BTCUSDT', 'ETHUSDT'],
    threshold: 0.55,
    throttle: generous,
  },
  { id: 'mm', role: 'market-maker', symbols: ['BTCUSDT'], threshold: 0.6, throttle: generous },
  {
    id: 'strat-1',
    role: 'strategist',
    symbols: ['BTCUSDT', 'SOLUSDT'],
    threshold: 0.35,
    throttle: generous,
  },
  { id: 'risk', role: 'risk-analyst', symbols: ['SOLUSDT'], threshold: 0.3, throttle: generous },
  {
    id: 'fc',
    role: 'forecaster',
    symbols: ['ETHUSDT'],
    threshold: 0.5,
    throttle: { capacity: 2, refillPerMinute: 60, cooldownMs: 1_000 },
  },
];

function harness(mcpEnabled = true) {
  const clock = new ManualClock(1_000);
  const bus = new AgentBus({ participants, roles: SEED_ROLES, clock, mcpEnabled });
  const received = new Map<string, MessageEnvelope[]>();
  for (const p of participants) {
    received.set(p.id, []);
    bus.attach(p.id, (m) => void received.get(p.id)?.push(m));
  }
  const send = (draft: Omit<EnvelopeDraft, 'id'>) => bus.publish(testEnvelope(draft, clock.now()));
  const recipients = async () => {
    await bus.whenIdle();
    const out = [...received].filter(([, ms]) => ms.length > 0).map(([id]) => id);
    received.forEach((ms) => ms.splice(0));
    return out;
  };
  return { bus, clock, send, recipients };
}

describe('AgentBus routing', () => {
  it('sends a signal to the orchestrator and to relevant followers of its symbol only', async () => {
    const { send, recipients } = harness();
    expect(
      send({ type: 'signal', from: 'hft-1', symbol: 'BTCUSDT', side: 'buy', confidence: 0.9 }),
    ).toBe('accepted');
    // strat-1 follows BTC and cares a little for hft: 0.35 + 0.45 × 0.2 + 0.2 × 0.9 = 0.62 ≥ 0.35.
    // mm follows BTC but not hft: 0.35 + 0 + 0.18 = 0.53 < 0.6. risk and fc do not follow BTC.
    expect(await recipients()).toEqual([ORCHESTRATOR_ID, 'strat-1']);
  });

  it('broadcasts a thesis to every agent whose relevance reaches its threshold', async () => {
    const { send, recipients } = harness();
    send({ type: 'thesis', from: 'strat-1', symbol: 'ETHUSDT', side: 'sell', confidence: 0.5 });
    // hft-1 follows ETH: 0.35 + 0.45 × 0.6 + 0.1 = 0.72. fc follows ETH: 0.35 + 0.225 + 0.1 = 0.675.
    // mm: 0 + 0.45 × 0.4 + 0.1 = 0.28 < 0.6. risk: 0 + 0.45 + 0.1 = 0.55 ≥ 0.3.
    expect(await recipients()).toEqual([ORCHESTRATOR_ID, 'hft-1', 'risk', 'fc']);
  });

  it('stops delivering to an agent once its threshold rises above the relevance', async () => {
    const { bus, send, recipients } = harness();
    bus.setParticipationThreshold('risk', 0.9);
    send({ type: 'thesis', from: 'strat-1', symbol: 'ETHUSDT', side: 'sell', confidence: 0.5 });
    expect(await recipients()).toEqual([ORCHESTRATOR_ID, 'hft-1', 'fc']);
    expect(bus.counters.filtered[bus.indexOf('risk')]).toBe(1);
  });

  it('delivers a discussion to the named agents and roles, never back to the sender', async () => {
    const { send, recipients } = harness();
    send({
      type: 'discussion',
      from: 'risk',
      to: ['strat-1', 'hft-1', 'market-maker', 'risk'],
      text: 'vol is up',
    });
    expect(await recipients()).toEqual(['hft-1', 'mm', 'strat-1']);
  });

  it('lets only the orchestrator send guidance', async () => {
    const { send, recipients, bus } = harness();
    expect(send({ type: 'guidance', from: 'hft-1', to: ['mm'] })).toBe('rejected');
    expect(send({ type: 'guidance', from: ORCHESTRATOR_ID, to: ['mm'] })).toBe('accepted');
    expect(await recipients()).toEqual(['mm']);
    expect(bus.counters.rejected[bus.indexOf('hft-1')]).toBe(1);
  });

  it('rejects a type the sender role may not publish and throws for an unknown sender', () => {
    const { send } = harness();
    expect(send({ type: 'thesis', from: 'hft-1', symbol: 'BTCUSDT' })).toBe('rejected');
    expect(() => send({ type: 'signal', from: 'nobody' })).toThrow(CommunicationError);
  });

  it('throttles a flood, counts it, and lets the agent resume after its cooldown', () => {
    const { bus, clock, send } = harness();
    const outcomes = [1, 2, 3].map(() =>
      send({ type: 'thesis', from: 'fc', symbol: 'ETHUSDT', side: 'buy' }),
    );
    expect(outcomes).toEqual(['accepted', 'accepted', 'throttled']);
    expect(bus.counters.throttled[bus.indexOf('fc')]).toBe(1);
    clock.advance(1_000);
    expect(send({ type: 'thesis', from: 'fc', symbol: 'ETHUSDT', side: 'buy' })).toBe('accepted');
  });

  it('counts deliveries against the everyone-gets-everything baseline', () => {
    const { bus, send } = harness();
    send({ type: 'signal', from: 'hft-1', symbol: 'BTCUSDT', side: 'buy', confidence: 0.9 });
    expect(bus.counters.baselineDeliveries).toBe(4);
    expect(bus.counters.agentDeliveries).toBe(1);
  });

  it('with MCP disabled, routes everything to everyone, unthrottled', async () => {
    const { bus, send, recipients } = harness(false);
    for (let k = 0; k < 5; k++)
      send({ type: 'thesis', from: 'fc', symbol: 'ETHUSDT', side: 'buy' });
    expect(bus.counters.throttled[bus.indexOf('fc')]).toBe(0);
    expect(await recipients()).toEqual([ORCHESTRATOR_ID, 'hft-1', 'mm', 'strat-1', 'risk']);
    expect(bus.counters.agentDeliveries).toBe(bus.counters.baselineDeliveries);
  });

  it('drains a slow agent without holding up the others', async () => {
    const { bus, clock } = harness();
    const order: string[] = [];
    let release: () => void = () => undefined;
    bus.attach(
      'hft-1',
      () =>
        new Promise<void>(
          (resolve) =>
            (release = () => {
              order.push('hft-1');
              resolve();
            }),
        ),
    );
    bus.attach('strat-1', () => void order.push('strat-1'));
    bus.publish(
      testEnvelope({ type: 'discussion', from: 'risk', to: ['hft-1', 'strat-1'] }, clock.now()),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['strat-1']);
    release();
    await bus.whenIdle();
    expect(order).toEqual(['strat-1', 'hft-1']);
  });

  it('rejects a threshold outside 0–1', () => {
    const { bus } = harness();
    expect(() => bus.setParticipationThreshold('hft-1', 1.5)).toThrow(/0 to 1/);
    expect(bus.participationThreshold('hft-1')).toBe(0.55);
  });

  it('lets a newer signal for the same symbol and side supersede one still waiting in an inbox', async () => {
    const { bus, clock, recipients } = harness();
    const publish = (side: 'buy' | 'sell', confidence: number) =>
      bus.publish(
        testEnvelope(
          { type: 'signal', from: 'hft-1', symbol: 'BTCUSDT', side, confidence },
          clock.now(),
        ),
      );
    publish('buy', 0.9);
    publish('buy', 0.95);
    publish('sell', 0.9);
    const strat = bus.indexOf('strat-1');
    expect(bus.counters.coalesced[strat]).toBe(1);
    expect(bus.counters.delivered[strat]).toBe(2);
    await recipients();
    // The orchestrator executes every signal: it never coalesces.
    expect(bus.counters.delivered[bus.indexOf(ORCHESTRATOR_ID)]).toBe(3);
  });

  it('halves an over-active agent’s refill on tick (the balance rule), so a flood is throttled sooner', () => {
    const { bus, clock, send } = harness();
    for (let k = 0; k < 60; k++)
      send({ type: 'discussion', from: 'hft-1', to: ['mm'], text: 'flood' });
    send({ type: 'discussion', from: 'mm', to: ['hft-1'], text: 'hi' });
    clock.advance(1_000);
    bus.tick();
    expect(bus.activity.scoreOf(bus.indexOf('hft-1'))).toBeGreaterThan(2);
    expect(bus.isSlowed('hft-1')).toBe(true);
    expect(bus.isSlowed('mm')).toBe(false);
  });

  it('records how long messages waited before their handler ran', async () => {
    const { bus, send, recipients } = harness();
    send({ type: 'discussion', from: 'risk', to: ['hft-1', 'mm'], text: 'vol' });
    await recipients();
    expect(bus.counters.latencyCount).toBe(2);
    expect(bus.counters.latencySumSeconds).toBeGreaterThanOrEqual(0);
  });
});
