import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { SeatDesk } from '../src/mcp/seat-desk.service.js';
import { MarketReplay } from '../src/trading/market-replay.service.js';
import { print, printPercentiles, round } from './bench-result.js';
import { listeningService } from './bench-service.js';
import { orderOf, type SeatOrder, type SeatTimings, SIGNAL } from './mcp-seat-calls.js';

const ROUND_TRIPS = 2_000;
const WARM_UP = 200;
const SEAT = 'deepseek-v3';
const TOKEN = 'bench-seat-token-0123456789';
const GOAL_P99_MS = 5;
/** What a session may keep per answered call; the SDK's JSON-answer mode kept ~6.6 KB. */
const RETAINED_GOAL_KB = 1;

/** The outside agent in its own process; resolves with its timings. */
function seatAgent(order: SeatOrder): Promise<SeatTimings> {
  const agent = fork(new URL('./mcp-client.process.js', import.meta.url), [JSON.stringify(order)]);
  return new Promise((resolve, reject) => {
    agent.once('message', (timings) => resolve(timings as SeatTimings));
    agent.once('error', reject);
    agent.once('exit', (code) =>
      reject(new Error(`the MCP agent exited (${code}) without its timings`)),
    );
  });
}

async function inProcess(action: (i: number) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARM_UP + ROUND_TRIPS; i++) {
    const start = performance.now();
    await action(i);
    if (i >= WARM_UP) samples.push(performance.now() - start);
  }
  return samples;
}

function heapUsedAfterGc(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Round trips of a seat's tools over MCP (the official SDK client, Streamable HTTP, loopback) against
 * the running service, from an agent in another process, as in production. Baselines in the same run:
 * `get_guidance` against the same read over the HTTP API (`GET /agent/{id}/guidance`), alternately from
 * the same agent; `publish_signal` and `propose_order` have no HTTP route, so their baseline is the same
 * action called in-process on the seat's desk, which isolates what MCP adds. The coordinator's
 * governance is off (`MCP_ENABLED=false`) and the order rate limit high, so the figures measure the
 * path rather than a throttle refusing it. Also: the heap a session keeps per answered call.
 */
export async function runMcpBench(): Promise<void> {
  const service = await listeningService('ct-bench-mcp-', {
    REPLAY_BAR_INTERVAL_MS: '300000',
    MCP_ENABLED: 'false',
    MAX_ORDERS_PER_MINUTE: '100000',
    MCP_SEAT_TOKENS: `${SEAT}:${TOKEN}`,
  });
  // Two bars, so every symbol has a price to size orders on.
  await service.app.get(MarketReplay).run(2);
  const desk = service.app.get(SeatDesk);
  try {
    const heapBefore = heapUsedAfterGc();
    const calls = 3 * (WARM_UP + ROUND_TRIPS);
    const agent = await seatAgent({
      base: service.base,
      seat: SEAT,
      token: TOKEN,
      warmUp: WARM_UP,
      roundTrips: ROUND_TRIPS,
    });
    const retainedKbPerCall = (heapUsedAfterGc() - heapBefore) / 1024 / calls;
    printPercentiles('mcp_get_guidance', agent.guidance.mcp, agent.guidance.http, {
      goal: GOAL_P99_MS,
      baselineName: 'http_get_guidance',
    });
    const localAnswers: Record<string, number> = {};
    const local = await inProcess(async (i) => {
      const { status } = await desk.proposeOrder(SEAT, orderOf('local', i));
      localAnswers[status] = (localAnswers[status] ?? 0) + 1;
    });
    printPercentiles('mcp_propose_order', agent.propose.mcp, local, {
      goal: GOAL_P99_MS,
      baselineName: 'in_process_propose_order (no HTTP route orders)',
      answers: agent.propose.answers,
      baselineAnswers: localAnswers,
    });
    printPercentiles(
      'mcp_publish_signal',
      agent.publish.mcp,
      await inProcess(() => desk.publish(SEAT, { type: 'signal', ...SIGNAL })),
      { goal: GOAL_P99_MS, baselineName: 'in_process_publish (no HTTP route publishes)' },
    );
    print({
      name: 'mcp_session_heap_retained_per_call',
      value: round(Math.max(0, retainedKbPerCall)),
      unit: 'KB',
      calls,
      goal: RETAINED_GOAL_KB,
      withinGoal: retainedKbPerCall <= RETAINED_GOAL_KB,
    });
  } finally {
    await service.close();
  }
}
