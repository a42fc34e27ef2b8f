import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SeatDesk } from '../src/mcp/seat-desk.service.js';
import { MarketReplay } from '../src/trading/market-replay.service.js';
import { printPercentiles, round } from './bench-result.js';
import { listeningService } from './bench-service.js';

/** The repository, from `dist/bench/`. */
const ROUND_TRIPS = 2_000;
const WARMUP = 200;
const SEAT = 'deepseek-v3';
const TOKEN = 'bench-seat-token-0123456789';
const GOAL_P99_MS = 5;

/**
 * Times `measured` and `baseline` one call at a time, alternately, after a warm-up, so both see the same
 * moments of a busy machine; milliseconds per call.
 */
async function timeAlternately(
  measured: (i: number) => Promise<unknown>,
  baseline: (i: number) => Promise<unknown>,
): Promise<[number[], number[]]> {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < WARMUP + ROUND_TRIPS; i++) {
    for (const [k, action] of [measured, baseline].entries()) {
      const start = performance.now();
      await action(i);
      if (i >= WARMUP) samples[k].push(performance.now() - start);
    }
  }
  return samples;
}

/**
 * The SDK client hands every request its one long-lived AbortSignal; undici keeps a listener on it per
 * request until the request is collected, and past 1,500 Node writes a MaxListenersExceededWarning per
 * call, which would be timed as MCP's cost. The bench drops the signal (it never aborts a call).
 */
const withoutSharedSignal = (url: string | URL, init?: RequestInit) =>
  fetch(url, { ...init, signal: undefined });

/**
 * Buys and sells alternate. A paper market order fills at the next bar's open, which the bench does not
 * reach, so these are timed to the orchestrator's answer (`filledShare` says how many of them filled).
 */
const orderOf = (prefix: string, i: number) => ({
  clientOrderId: `${prefix}-${i}`,
  symbol: 'BTCUSDT',
  side: i % 2 === 0 ? ('buy' as const) : ('sell' as const),
  confidence: 0.5,
});

/**
 * Round trips of a seat's tools over MCP (the official SDK client, Streamable HTTP, loopback) against
 * the running service. Baselines in the same run: `get_guidance` against the same action over the
 * HTTP API (`GET /agent/{id}/guidance`); `publish_signal` and `propose_order` have no HTTP route, so
 * their baseline is the same action called in-process on the seat's desk, which isolates what MCP adds.
 * The coordinator's governance is off (`MCP_ENABLED=false`) and the order rate limit high, so the
 * figures measure the path rather than a throttle refusing it.
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
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${service.base}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      fetch: withoutSharedSignal,
    }),
  );
  const desk = service.app.get(SeatDesk);
  const call = (name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: args });
  try {
    const guidanceUrl = `${service.base}/agent/${SEAT}/guidance`;
    printPercentiles(
      'mcp_get_guidance',
      ...(await timeAlternately(
        () => call('get_guidance', {}),
        async () => (await fetch(guidanceUrl)).json(),
      )),
      { goal: GOAL_P99_MS, baselineName: 'http_get_guidance' },
    );
    // How many proposals the orchestrator filled, so the figures are known to include the fill path.
    const filled = { mcp: 0, local: 0 };
    printPercentiles(
      'mcp_propose_order',
      ...(await timeAlternately(
        async (i) => {
          const r = await call('propose_order', orderOf('mcp', i));
          if ((r.structuredContent as { status?: string } | undefined)?.status === 'filled')
            filled.mcp += 1;
        },
        async (i) => {
          if ((await desk.proposeOrder(SEAT, orderOf('local', i))).status === 'filled')
            filled.local += 1;
        },
      )),
      {
        goal: GOAL_P99_MS,
        baselineName: 'in_process_propose_order (no HTTP route orders)',
        filledShare: round(filled.mcp / (WARMUP + ROUND_TRIPS)),
        baselineFilledShare: round(filled.local / (WARMUP + ROUND_TRIPS)),
      },
    );
    // Sells of a symbol the seat does not hold: routed and seen by the orchestrator, which trades
    // nothing, so the signals leave the seat's capital to the orders measured before them.
    const signal = {
      type: 'signal' as const,
      symbol: 'XRPUSDT',
      side: 'sell' as const,
      confidence: 0.1,
    };
    printPercentiles(
      'mcp_publish_signal',
      ...(await timeAlternately(
        () => call('publish_signal', { symbol: 'XRPUSDT', side: 'sell', confidence: 0.1 }),
        () => Promise.resolve(desk.publish(SEAT, signal)),
      )),
      { goal: GOAL_P99_MS, baselineName: 'in_process_publish (no HTTP route publishes)' },
    );
  } finally {
    await client.close();
    await service.close();
  }
}
