import { EventEmitter } from 'node:events';
import { AgentBus } from '../src/communication/agent-bus.js';
import { ORCHESTRATOR_ID, type MessageEnvelope } from '../src/communication/message-envelope.js';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from '../src/communication/routing-table.js';
import { SEED_ROLES, SYMBOLS } from '../src/config/roster.js';
import { ManualClock } from '../src/platform/clock.js';
import { median, print, round } from './bench-result.js';

export const BENCH_AGENTS = 1_000;
const MESSAGES = 200_000;
const BATCH = 10_000;
const RUNS = 7;
/** Budgets high enough that the figure measures routing, not a throttle refusing almost everything. */
const UNTHROTTLED = { capacity: 1e12, refillPerMinute: 1e12, cooldownMs: 0 };

/** 1,000 agents in the six roles, each following one or two of the five symbols. */
export function benchParticipants(agents = BENCH_AGENTS): BusParticipant[] {
  const list = Array.from({ length: agents }, (_, i): BusParticipant => {
    const role = SEED_ROLES[i % SEED_ROLES.length];
    return {
      id: `agent-${i}`,
      role: role.role,
      symbols: i % 3 === 0 ? [SYMBOLS[i % 5], SYMBOLS[(i + 1) % 5]] : [SYMBOLS[i % 5]],
      threshold: role.defaultThreshold,
      thresholdBounds: role.thresholdBounds,
      floor: role.floor,
      throttle: UNTHROTTLED,
    };
  });
  return [
    {
      id: ORCHESTRATOR_ID,
      role: ORCHESTRATOR_ROLE,
      symbols: [],
      threshold: 0,
      throttle: UNTHROTTLED,
    },
    ...list,
  ];
}

/** The seed's mix: 80% signals from trading roles, 15% theses, 5% discussions to a role. */
export function benchTraffic(count = MESSAGES, agents = BENCH_AGENTS): MessageEnvelope[] {
  const now = Date.now();
  const roleMember = (k: number, role: number) =>
    `agent-${((k % Math.floor(agents / 6)) * 6 + role) % agents}`;
  return Array.from({ length: count }, (_, k) => {
    const symbol = SYMBOLS[k % 5];
    const confidence = (k % 10) / 10;
    if (k % 20 === 0)
      return testEnvelope(
        { type: 'discussion', from: roleMember(k, 3), to: ['hft'], text: 'risk note' },
        now,
      );
    if (k % 20 < 4)
      return testEnvelope(
        { type: 'thesis', from: roleMember(k, 2), symbol, side: 'buy', confidence },
        now,
      );
    return testEnvelope(
      { type: 'signal', from: roleMember(k, k % 2), symbol, side: 'sell', confidence },
      now,
    );
  });
}

const yieldToDrains = () => new Promise<void>((resolve) => setImmediate(resolve));

async function measureBus(
  messages: readonly MessageEnvelope[],
): Promise<{ perSecond: number; deliveries: number }> {
  const participants = benchParticipants();
  const bus = new AgentBus({
    participants,
    roles: SEED_ROLES,
    clock: new ManualClock(Date.now()),
    mcpEnabled: true,
  });
  let handled = 0;
  for (const p of participants) bus.attach(p.id, () => void (handled += 1));
  const start = process.hrtime.bigint();
  for (let k = 0; k < messages.length; k += BATCH) {
    const end = Math.min(k + BATCH, messages.length);
    for (let m = k; m < end; m++) bus.publish(messages[m]);
    await yieldToDrains();
  }
  await bus.whenIdle();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: messages.length / seconds, deliveries: handled / messages.length };
}

/**
 * The same traffic through raw `events.EventEmitter#emit` to the same audiences the bus considers
 * (followers of the symbol, every agent, a role's members), each listener queueing the message: routing
 * without governance — no buckets, no relevance, no activity, no counts.
 */
async function measureEmitter(
  messages: readonly MessageEnvelope[],
): Promise<{ perSecond: number; deliveries: number }> {
  const participants = benchParticipants();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const queues = participants.map(() => [] as MessageEnvelope[]);
  participants.forEach((p, i) => {
    const listener = (m: MessageEnvelope) => void queues[i].push(m);
    if (p.role === ORCHESTRATOR_ROLE) {
      emitter.on('orchestrator', listener);
      return;
    }
    emitter.on('thesis', listener);
    emitter.on(`role:${p.role}`, listener);
    for (const symbol of p.symbols) emitter.on(`signal:${symbol}`, listener);
  });
  let handled = 0;
  const start = process.hrtime.bigint();
  for (let k = 0; k < messages.length; k += BATCH) {
    const end = Math.min(k + BATCH, messages.length);
    for (let m = k; m < end; m++) {
      const message = messages[m];
      if (message.type === 'discussion')
        for (const role of message.to ?? []) emitter.emit(`role:${role}`, message);
      else {
        emitter.emit('orchestrator', message);
        emitter.emit(message.type === 'signal' ? `signal:${message.symbol}` : 'thesis', message);
      }
    }
    await yieldToDrains();
    for (const queue of queues) {
      handled += queue.length;
      queue.length = 0;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: messages.length / seconds, deliveries: handled / messages.length };
}

function measureRawEmit(messages: readonly MessageEnvelope[]): number {
  const emitter = new EventEmitter();
  let seen = 0;
  emitter.on('message', () => (seen += 1));
  const start = process.hrtime.bigint();
  for (const message of messages) emitter.emit('message', message);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (seen !== messages.length) throw new Error('emitter lost messages');
  return messages.length / seconds;
}

export async function runBusBench(): Promise<void> {
  const messages = benchTraffic();
  const bus: number[] = [];
  const emitter: number[] = [];
  const raw: number[] = [];
  let busDeliveries = 0;
  let emitterDeliveries = 0;
  for (let run = 0; run < RUNS; run++) {
    const b = await measureBus(messages);
    const e = await measureEmitter(messages);
    bus.push(b.perSecond);
    emitter.push(e.perSecond);
    raw.push(measureRawEmit(messages));
    busDeliveries = b.deliveries;
    emitterDeliveries = e.deliveries;
  }
  const value = median(bus);
  const baseline = median(emitter);
  print({
    name: 'bus_routed_messages_per_second_1000_agents',
    value: round(value),
    unit: 'messages/s',
    baseline: round(baseline),
    baseline_name: 'events.EventEmitter#emit to the same audiences, no governance',
    ratio: round(value / baseline),
    deliveries_per_message: round(busDeliveries),
    baseline_deliveries_per_message: round(emitterDeliveries),
    runs: RUNS,
    messages_per_run: MESSAGES,
  });
  const oneListener = median(raw);
  print({
    name: 'bus_routed_messages_per_second_vs_one_listener_emit',
    value: round(value),
    unit: 'messages/s',
    baseline: round(oneListener),
    baseline_name: 'events.EventEmitter#emit, one listener (no fan-out at all)',
    ratio: round(value / oneListener),
  });
}
