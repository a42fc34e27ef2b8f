// A minimal outside agent for Cloud Trader on the official MCP SDK client (Streamable HTTP). It takes
// its seat with a seat token, reads its guidance and the market, publishes a thesis, and proposes an
// order; the orchestrator answers filled or refused with the reason.
//
//   npm run build
//   MCP_URL=http://localhost:8080/mcp MCP_TOKEN=<seat token> node dist/examples/mcp-agent.js
//
// The service needs MCP_SEAT_TOKENS=deepseek-v3:<seat token> (any roster agent whose role publishes
// theses and trades; see README, "Outside agents over MCP").
import { randomUUID } from 'node:crypto';
import process from 'node:process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const url = new URL(process.env.MCP_URL ?? 'http://localhost:8080/mcp');
const token = process.env.MCP_TOKEN;
if (!token) {
  process.stderr.write('set MCP_TOKEN to a seat token (MCP_SEAT_TOKENS on the service)\n');
  process.exit(2);
}

const client = new Client({ name: 'example-mcp-agent', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(url, {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});

async function call(name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
  process.stdout.write(`${name}: ${result.isError ? 'REFUSED ' : ''}${text}\n`);
  return result.structuredContent ?? {};
}

await client.connect(transport);
try {
  const guidance = await call('get_guidance');
  const symbol = (guidance.symbols as string[] | undefined)?.[0] ?? 'BTCUSDT';
  const market = await call('get_market', { symbol, bars: 12 });
  const closes = (market.candles as { close: number }[]).map((c) => c.close);
  const rising = closes.length > 1 && closes[closes.length - 1] > closes[0];
  await call('publish_thesis', {
    symbol,
    side: rising ? 'buy' : 'sell',
    confidence: 0.6,
    horizon: '1h',
    text: `${symbol} ${rising ? 'rose' : 'fell'} over the last ${closes.length} bars (example agent)`,
  });
  // A fresh client id per run; a retry with the same id would get the same answer, not a second order.
  await call('propose_order', {
    clientOrderId: `example-${randomUUID()}`,
    symbol,
    side: 'buy',
    confidence: 0.6,
    rationale: 'example agent: a small buy to show the orchestrator’s decision',
  });
  await call('my_usage');
} finally {
  await transport.terminateSession();
  await client.close();
}
