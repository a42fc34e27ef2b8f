import { EventEmitter } from 'node:events';
import { AgentBus } from '../src/communication/agent-bus.js';
import {
  createEnvelope,
  ORCHESTRATOR_ID,
  type MessageEnvelope,
} from '../src/communication/message-envelope.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from '../src/communication/routing-table.js';
import { ROLES, SEED_ROLES, SYMBOLS } from '../src/config/roster.js';
import { SystemClock } from '../src/platform/clock.js';
import { median, print, round } from './bench-result.js';

const AGENTS = 1_000;
const MESSAGES = 200_000;
const BATCH = 10_000;
const RUNS = 7;
/** Budgets high enough that the figure measures routing, not a throttle refusing almost everything. */
const UNTHROTTLED = { capacity: 1e12, refillPerSecond: 1e12, cooldownMs: 0 };

function participants(): BusParticipant[] {
  const agents = Array.from({ length: AGENTS }, (_, i): BusParticipant => {
    const role = ROLES[i % ROLES.length];
    return {
      id: `agent-${i}`,
      role,
      // Each agent follows one or two of the five symbols.
      symbols: i % 3 === 0 ? [SYMBOLS[i % 5], SYMBOLS[(i + 1) % 5]] : [SYMBOLS[i % 5]],
      threshold: SEED_ROLES.find((r) => r.role === role)?.defaultThreshold ?? 0.5,
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
    ...agents,
  ];
}

/** A realistic mix: 80% signals from trading roles, 15% theses, 5% discussions to a role. */
function traffic(): MessageEnvelope[] {
  const now = Date.now();
  return Array.from({ length: MESSAGES }, (_, k) => {
    const sender = k % AGENTS;
    const role = ROLES[sender % ROLES.length];
    const symbol = SYMBOLS[k % 5];
    const confidence = (k % 10) / 10;
    if (k % 20 === 0)
      return createEnvelope(
        {
          type: 'discussion',
          from: `agent-${(sender - (sender % 6) + 3) % AGENTS}`,
          to: ['hft'],
          text: 'risk note',
        },
        now,
      );
    if (k % 20 < 4)
      return createEnvelope(
        {
          type: 'thesis',
          from: `agent-${sender - (sender % 6) + 2}`,
          symbol,
          side: 'buy',
          confidence,
        },
        now,
      );
    const trader = role === 'hft' || role === 'market-maker' ? sender : sender - (sender % 6);
    return createEnvelope(
      { type: 'signal', from: `agent-${trader}`, symbol, side: 'sell', confidence },
      now,
    );
  });
}

const yieldToDrains = () => new Promise<void>((resolve) => setImmediate(resolve));

async function measureBus(
  messages: readonly MessageEnvelope[],
): Promise<{ perSecond: number; deliveriesPerMessage: number }> {
  const bus = new AgentBus({
    participants: participants(),
    roles: SEED_ROLES,
    clock: new SystemClock(),
    mcpEnabled: true,
  });
  const noop = () => undefined;
  for (const p of participants()) bus.attach(p.id, noop);
  const start = process.hrtime.bigint();
  for (let k = 0; k < messages.length; k += BATCH) {
    const end = Math.min(k + BATCH, messages.length);
    for (let m = k; m < end; m++) bus.publish(messages[m]);
    await yieldToDrains();
  }
  await bus.whenIdle();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const delivered = bus.counters.delivered.reduce((a, b) => a + b, 0);
  return {
    perSecond: messages.length / seconds,
    deliveriesPerMessage: delivered / messages.length,
  };
}

/** Raw `emit` to `listeners` listeners: no routing, no filtering, no inboxes. */
function measureEmitter(messages: readonly MessageEnvelope[], listeners: number): number {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(listeners + 1);
  let seen = 0;
  for (let l = 0; l < listeners; l++) emitter.on('message', () => (seen += 1));
  const start = process.hrtime.bigint();
  for (const message of messages) emitter.emit('message', message);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (seen !== messages.length * listeners) throw new Error('emitter lost messages');
  return messages.length / seconds;
}

export async function runBusBench(): Promise<void> {
  const messages = traffic();
  const bus: number[] = [];
  const emitter: number[] = [];
  const sameFanOut: number[] = [];
  let deliveriesPerMessage = 0;
  for (let run = 0; run < RUNS; run++) {
    const result = await measureBus(messages);
    bus.push(result.perSecond);
    deliveriesPerMessage = result.deliveriesPerMessage;
    emitter.push(measureEmitter(messages, 1));
    sameFanOut.push(measureEmitter(messages, Math.round(deliveriesPerMessage)));
  }
  const value = median(bus);
  const baseline = median(emitter);
  const fanOutBaseline = median(sameFanOut);
  print({
    name: 'bus_routed_messages_per_second_1000_agents',
    value: round(value),
    unit: 'messages/s',
    baseline: round(baseline),
    baseline_name: 'events.EventEmitter#emit, one listener',
    ratio: round(value / baseline),
    deliveries_per_message: round(deliveriesPerMessage),
    runs: RUNS,
    messages_per_run: MESSAGES,
  });
  print({
    name: 'bus_deliveries_per_second_1000_agents',
    value: round(value * deliveriesPerMessage),
    unit: 'deliveries/s',
    baseline: round(baseline),
    baseline_name: 'events.EventEmitter#emit, one listener',
    ratio: round((value * deliveriesPerMessage) / baseline),
  });
  print({
    name: 'bus_routed_messages_per_second_vs_same_fan_out',
    value: round(value),
    unit: 'messages/s',
    baseline: round(fanOutBaseline),
    baseline_name: `events.EventEmitter#emit to ${Math.round(deliveriesPerMessage)} listeners (the bus's mean fan-out, unfiltered)`,
    ratio: round(value / fanOutBaseline),
  });
}
