import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AgentBus } from '../src/communication/agent-bus.js';
import { registerBusMetrics } from '../src/communication/communication.metrics.js';
import { ORCHESTRATOR_ID, type MessageEnvelope } from '../src/communication/message-envelope.js';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import { ORCHESTRATOR_ROLE, type BusParticipant } from '../src/communication/routing-table.js';
import { loadConfig } from '../src/config/load-config.js';
import { SEED_ROLES, SEED_ROSTER } from '../src/config/roster.js';
import { ManualClock } from '../src/platform/clock.js';
import { MetricsRegistry } from '../src/platform/metrics-registry.js';
import { runReplay } from '../src/replay/replay-runner.js';
import { benchParticipants, benchTraffic } from './bus.bench.js';
import { median, print, round } from './bench-result.js';

const UNTHROTTLED = { capacity: 1e12, refillPerMinute: 1e12, cooldownMs: 0 };

/** The seed roster, unthrottled so a steady 100k messages/s all flow. */
export function seedBus(): AgentBus {
  const roles = new Map(SEED_ROLES.map((r) => [r.role, r]));
  const participants: BusParticipant[] = [
    {
      id: ORCHESTRATOR_ID,
      role: ORCHESTRATOR_ROLE,
      symbols: [],
      threshold: 0,
      throttle: UNTHROTTLED,
    },
    ...SEED_ROSTER.map((a) => ({
      id: a.id,
      role: a.role,
      symbols: a.symbols,
      threshold: roles.get(a.role)?.defaultThreshold ?? 0.5,
      throttle: UNTHROTTLED,
    })),
  ];
  return new AgentBus({
    participants,
    roles: SEED_ROLES,
    clock: new ManualClock(Date.now()),
    mcpEnabled: true,
  });
}

export function seedTraffic(count: number): MessageEnvelope[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, k) => {
    const symbol = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'][k % 3];
    if (k % 10 === 0)
      return testEnvelope(
        { type: 'thesis', from: 'lag-llama', symbol, side: 'buy', confidence: 0.6 },
        now,
      );
    if (k % 10 === 1)
      return testEnvelope(
        { type: 'discussion', from: 'qwen', to: ['deepseek-v3'], text: 'why?' },
        now,
      );
    return testEnvelope(
      {
        type: 'signal',
        from: k % 2 ? 'freqtrade-hft' : 'fingpt',
        symbol,
        side: 'buy',
        confidence: 0.9,
      },
      now,
    );
  });
}

/**
 * The noise floor for the latency figures: a queue drained on the next turn of the event loop, handing
 * each message to three handlers — what any asynchronous delivery costs on this machine, with no routing.
 */
class ImmediateQueue {
  private readonly handlers: ((m: MessageEnvelope) => void)[] = [];
  private queue: MessageEnvelope[] = [];
  private scheduled = false;

  attach(_id: string, handler: (m: MessageEnvelope) => void): void {
    this.handlers.push(handler);
  }

  publish(message: MessageEnvelope): 'accepted' {
    this.queue.push(message);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const batch = this.queue;
        this.queue = [];
        for (const m of batch) for (let h = 0; h < 3; h++) this.handlers[h](m);
      });
    }
    return 'accepted';
  }

  whenIdle(): Promise<void> {
    return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  }
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/**
 * Publish → handler latency at a steady rate: each turn of the event loop publishes the messages that
 * have fallen due (about one every 10 µs at 100k/s), as agents spread over the loop would. The first
 * `warmupSeconds` run at the same rate unrecorded: cold code (before the JIT has optimised the hot
 * path) made up most of the slowest 0.1% of samples otherwise, which is start-up, not steady state.
 */
async function latencyAtSteadyRate(
  ratePerSecond: number,
  seconds: number,
  bus: Pick<AgentBus, 'attach' | 'publish' | 'whenIdle'> = seedBus(),
  warmupSeconds = 1,
): Promise<Float64Array> {
  const messages = seedTraffic(ratePerSecond * (warmupSeconds + seconds));
  const firstRecorded = ratePerSecond * warmupSeconds;
  const ordinal = new Map(messages.map((m, k) => [m, k]));
  const publishedAt = new Float64Array(messages.length);
  const samples = new Float64Array(messages.length * 8);
  let n = 0;
  const handler = (m: MessageEnvelope) => {
    const k = ordinal.get(m);
    if (k !== undefined && k >= firstRecorded && n < samples.length)
      samples[n++] = performance.now() - publishedAt[k];
  };
  for (const id of [ORCHESTRATOR_ID, ...SEED_ROSTER.map((a) => a.id)]) bus.attach(id, handler);
  // Start on a clean heap: building the traffic must not leave a major GC for the run.
  collectGarbage();
  const start = performance.now();
  let sent = 0;
  // A plain callback per turn: a promise per turn would be the harness's own garbage, and its
  // scavenges would show up as bursts in every figure.
  await new Promise<void>((finished) => {
    const turn = () => {
      const due = Math.min(
        messages.length,
        Math.floor(((performance.now() - start) / 1000) * ratePerSecond),
      );
      for (; sent < due; sent++) {
        publishedAt[sent] = performance.now();
        bus.publish(messages[sent]);
      }
      if (sent < messages.length) setImmediate(turn);
      else finished();
    };
    turn();
  });
  await bus.whenIdle();
  return samples.subarray(0, n).sort();
}

async function scrapeWithThousandAgents(): Promise<number[]> {
  const bus = new AgentBus({
    participants: benchParticipants(),
    roles: SEED_ROLES,
    clock: new ManualClock(Date.now()),
    mcpEnabled: true,
  });
  for (const m of benchTraffic(50_000)) bus.publish(m);
  bus.tick();
  const metrics = new MetricsRegistry();
  registerBusMetrics(metrics, bus);
  const times: number[] = [];
  for (let k = 0; k < 30; k++) {
    const start = performance.now();
    await metrics.scrape();
    times.push(performance.now() - start);
  }
  return times;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc');
  gc();
}

async function heapGrowth(total: number): Promise<{ before: number; after: number }> {
  const bus = seedBus();
  const noop = () => undefined;
  for (const id of [ORCHESTRATOR_ID, ...SEED_ROSTER.map((a) => a.id)]) bus.attach(id, noop);
  const batch = seedTraffic(10_000);
  const cycle = async (count: number) => {
    for (let sent = 0; sent < count; sent += batch.length) {
      for (const m of batch) bus.publish(m);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await bus.whenIdle();
  };
  await cycle(200_000); // warm up: JIT, inboxes at their working size
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  await cycle(total);
  collectGarbage();
  return { before, after: process.memoryUsage().heapUsed };
}

async function replayMonth(mcp: boolean): Promise<number> {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ct-bench-replay-')),
    LOG_LEVEL: 'ERROR',
    MCP_ENABLED: String(mcp),
  });
  const report = await runReplay({ config, bars: 8_928 - 96 });
  return report.wallMs;
}

export async function runCoordinatorBench(): Promise<void> {
  const latency = await latencyAtSteadyRate(100_000, 3);
  const floor = await latencyAtSteadyRate(100_000, 3, new ImmediateQueue());
  const points = [
    ['p50', 0.5, undefined],
    ['p99', 0.99, 50],
    ['p999', 0.999, 1000],
  ] as const;
  for (const [label, p, goal] of points) {
    const value = percentile(latency, p) * 1000;
    const baseline = percentile(floor, p) * 1000;
    print({
      name: `bus_publish_to_handler_${label}_at_100k_per_s`,
      value: round(value),
      unit: 'µs',
      baseline: round(baseline),
      baseline_name: 'a bare setImmediate-drained queue at the same rate',
      ratio: round(value / baseline),
      goal,
      samples: latency.length,
      warmup_s: 1,
    });
  }

  const scrape = await scrapeWithThousandAgents();
  print({
    name: 'metrics_scrape_1000_agents',
    value: round(median(scrape)),
    unit: 'ms',
    p90: round([...scrape].sort((a, b) => a - b)[27]),
    goal: 20,
  });

  const total = 10_000_000;
  const heap = await heapGrowth(total);
  print({
    name: 'bus_heap_growth_after_10m_messages',
    value: round((heap.after - heap.before) / 1e6),
    unit: 'MB',
    baseline: round(heap.before / 1e6),
    baseline_name: 'heap used before, after warm-up',
    ratio: round(heap.after / heap.before),
    messages: total,
  });

  const governed = await replayMonth(true);
  const naive = await replayMonth(false);
  print({
    name: 'replay_bundled_month_wall_time',
    value: round(governed / 1000),
    unit: 's',
    baseline: round(naive / 1000),
    baseline_name: 'the same replay with MCP_ENABLED=false',
    ratio: round(governed / naive),
    goal: 60,
  });
}
