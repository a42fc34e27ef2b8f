import fc from 'fast-check';
import { MESSAGE_TYPES, ROLES, SEED_ROLES, SYMBOLS, type MessageType } from '../config/roster.js';
import { ManualClock } from '../platform/clock.js';
import { AgentBus, type BusOutcome } from './agent-bus.js';
import { ORCHESTRATOR_ID, type MessageEnvelope } from './message-envelope.js';
import { testEnvelope } from './envelope.fixture.js';
import { ParticipationPolicy } from './participation-policy.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from './routing-table.js';

const agentArb = fc.record({
  role: fc.constantFrom(...ROLES),
  symbols: fc.subarray([...SYMBOLS], { minLength: 1 }),
  threshold: fc.double({ min: 0, max: 1, noNaN: true }),
  capacity: fc.integer({ min: 1, max: 5 }),
});

const messageArb = fc.record({
  type: fc.constantFrom<MessageType>('signal', 'thesis', 'discussion', 'guidance', 'heartbeat'),
  from: fc.nat(),
  to: fc.array(fc.nat(), { maxLength: 3 }),
  symbol: fc.option(fc.constantFrom(...SYMBOLS, 'DOGEUSDT'), { nil: undefined }),
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  advanceMs: fc.integer({ min: 0, max: 3_000 }),
});

const scenarioArb = fc.record({
  agents: fc.array(agentArb, { minLength: 2, maxLength: 8 }),
  messages: fc.array(messageArb, { minLength: 1, maxLength: 120 }),
  mcpEnabled: fc.boolean(),
  inboxCapacity: fc.integer({ min: 1, max: 8 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Outcome {
  bus: AgentBus;
  participants: BusParticipant[];
  refused: Set<string>;
  received: Map<string, MessageEnvelope[]>;
  thresholdsAtPublish: Map<string, Float64Array>;
}

async function run(scenario: Scenario): Promise<Outcome> {
  const participants: BusParticipant[] = [
    {
      id: ORCHESTRATOR_ID,
      role: ORCHESTRATOR_ROLE,
      symbols: [],
      threshold: 0,
      throttle: { capacity: 1e9, refillPerMinute: 1e9, cooldownMs: 0 },
    },
    ...scenario.agents.map((a, i) => ({
      id: `agent-${i}`,
      role: a.role,
      symbols: a.symbols,
      threshold: a.threshold,
      throttle: { capacity: a.capacity, refillPerMinute: 60, cooldownMs: 1_000 },
    })),
  ];
  const clock = new ManualClock(0);
  const bus = new AgentBus({
    participants,
    roles: SEED_ROLES,
    clock,
    mcpEnabled: scenario.mcpEnabled,
    inboxCapacity: scenario.inboxCapacity,
  });
  const received = new Map<string, MessageEnvelope[]>(participants.map((p) => [p.id, []]));
  for (const p of participants) bus.attach(p.id, (m) => void received.get(p.id)?.push(m));
  const refused = new Set<string>();
  const thresholdsAtPublish = new Map<string, Float64Array>();
  bus.tap((message, outcome) => {
    if (outcome !== 'accepted') refused.add(message.id);
  });
  for (const m of scenario.messages) {
    clock.advance(m.advanceMs);
    const from = participants[1 + (m.from % scenario.agents.length)].id;
    const sender = m.type === 'guidance' ? ORCHESTRATOR_ID : from;
    const to = m.to.map((n) => participants[n % participants.length].id);
    const message = testEnvelope(
      { type: m.type, from: sender, to, symbol: m.symbol, side: m.side, confidence: m.confidence },
      clock.now(),
    );
    thresholdsAtPublish.set(
      message.id,
      Float64Array.from(participants.map((p) => bus.participationThreshold(p.id))),
    );
    bus.publish(message);
    if (m.advanceMs > 2_000) await bus.whenIdle();
  }
  await bus.whenIdle();
  return { bus, participants, refused, received, thresholdsAtPublish };
}

const sumAgents = (bus: AgentBus, values: Float64Array) => {
  let total = 0;
  for (const i of bus.table.agents) total += values[i];
  return total;
};

describe('AgentBus properties', () => {
  it('never delivers a throttled or rejected message', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const { refused, received } = await run(scenario);
        for (const messages of received.values())
          for (const m of messages) expect(refused.has(m.id)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('never delivers a broadcast to an agent whose threshold its relevance does not reach', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb.filter((s) => s.mcpEnabled),
        async (scenario) => {
          const { bus, participants, received, thresholdsAtPublish } = await run(scenario);
          participants.forEach((p, r) => {
            if (p.id === ORCHESTRATOR_ID) return;
            for (const m of received.get(p.id) ?? []) {
              if (m.type !== 'signal' && m.type !== 'thesis') continue;
              const sender = bus.indexOf(m.from);
              const symbolScore =
                m.symbol === undefined
                  ? ParticipationPolicy.MARKET_WIDE_SYMBOL_SCORE
                  : p.symbols.includes(m.symbol)
                    ? 1
                    : 0;
              const relevance = ParticipationPolicy.relevance(
                symbolScore,
                bus.table.affinityOf(r, sender),
                m.confidence ?? ParticipationPolicy.DEFAULT_CONFIDENCE,
              );
              expect(relevance).toBeGreaterThanOrEqual(
                thresholdsAtPublish.get(m.id)?.[r] ?? Infinity,
              );
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never delivers more than the everyone-gets-everything baseline, and its counters add up', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const { bus, received } = await run(scenario);
        const c = bus.counters;
        expect(c.agentDeliveries).toBeLessThanOrEqual(c.baselineDeliveries);
        // Every baseline unit has exactly one fate.
        expect(
          sumAgents(bus, c.delivered) +
            sumAgents(bus, c.filtered) +
            c.unrouted +
            sumAgents(bus, c.coalesced) +
            sumAgents(bus, c.dropped) +
            c.refusedUnits,
        ).toBe(c.baselineDeliveries);
        expect(sumAgents(bus, c.delivered)).toBe(c.agentDeliveries);
        // Once idle, what was delivered is exactly what the handlers received.
        for (const i of bus.table.agents)
          expect(received.get(bus.table.ids[i])?.length).toBe(c.delivered[i]);
      }),
      { numRuns: 200 },
    );
  });

  it('publishes a read model that agrees with the ledger: every queued message has one inbox fate', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const { bus } = await run(scenario);
        const c = bus.counters;
        const { byType, latency } = bus.snapshot();
        const total = (outcome: BusOutcome) =>
          MESSAGE_TYPES.reduce((sum, type) => sum + byType[type][outcome], 0);
        const everyone = (values: Float64Array) => values.reduce((sum, v) => sum + v, 0);
        // Queued (`delivered` by type) ends as handled, superseded or pushed out, for every recipient.
        expect(total('delivered')).toBe(
          everyone(c.delivered) + everyone(c.coalesced) + everyone(c.dropped),
        );
        expect(total('filtered')).toBe(everyone(c.filtered));
        expect(total('throttled')).toBe(everyone(c.throttled));
        expect(total('rejected')).toBe(everyone(c.rejected));
        // Idle: every handled message was timed once.
        expect(latency.count).toBe(everyone(c.delivered));
        expect(latency.buckets.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(latency.count);
      }),
      { numRuns: 150 },
    );
  });
});
