import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { orderOf, type SeatOrder, type SeatTimings, SIGNAL } from './mcp-seat-calls.js';

/**
 * The SDK client hands every request its one long-lived AbortSignal; undici keeps a listener on it per
 * request until the request is collected, and past 1,500 Node writes a MaxListenersExceededWarning per
 * call, which would be timed as MCP's cost. The bench drops the signal (it never aborts a call).
 */
const withoutSharedSignal = (url: string | URL, init?: RequestInit) =>
  fetch(url, { ...init, signal: undefined });

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/**
 * The outside agent in its own process, as a seat is in production: its SDK client's allocations and
 * collections are its own, not charged to the service. Takes its order as JSON in argv, connects,
 * times the seat's calls one at a time and sends the timings back.
 */
async function main(order: SeatOrder): Promise<SeatTimings> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${order.base}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${order.token}` } },
      fetch: withoutSharedSignal,
    }),
  );
  const call = (name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: args });
  const guidanceUrl = `${order.base}/agent/${order.seat}/guidance`;
  const timings: SeatTimings = {
    guidance: { mcp: [], http: [] },
    propose: { mcp: [], answers: {} },
    publish: { mcp: [] },
  };
  const total = order.warmUp + order.roundTrips;
  const keep = (samples: number[], i: number, ms: number) => {
    if (i >= order.warmUp) samples.push(ms);
  };
  // get_guidance alternates with the same read over HTTP, so both see the same moments of the machine.
  for (let i = 0; i < total; i++) {
    keep(timings.guidance.mcp, i, await timed(() => call('get_guidance', {})));
    keep(timings.guidance.http, i, await timed(async () => (await fetch(guidanceUrl)).json()));
  }
  for (let i = 0; i < total; i++) {
    let status = 'none';
    keep(
      timings.propose.mcp,
      i,
      await timed(async () => {
        const r = await call('propose_order', orderOf('mcp', i));
        status = (r.structuredContent as { status?: string } | undefined)?.status ?? 'none';
      }),
    );
    timings.propose.answers[status] = (timings.propose.answers[status] ?? 0) + 1;
  }
  for (let i = 0; i < total; i++)
    keep(timings.publish.mcp, i, await timed(() => call('publish_signal', SIGNAL)));
  await client.close();
  return timings;
}

const order = JSON.parse(process.argv[2]) as SeatOrder;
const timings = await main(order);
// Letting go of the IPC channel lets the process end once its sockets close.
process.send?.(timings, () => process.disconnect());
