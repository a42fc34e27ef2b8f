import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SEAT_TOKENS, seatTokensVariable } from './support/mcp-seat.js';
import { freePort } from './support/service-process.js';
import { REPO_ROOT, testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const EXAMPLE = join(REPO_ROOT, 'dist', 'examples', 'mcp-agent.js');

/** `examples/mcp-agent.ts` (built) joins a running service, reads, publishes and proposes an order. */
describe('the MCP example agent', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    app = await TestApp.start(
      testConfig({ PORT: String(port), MCP_SEAT_TOKENS: seatTokensVariable() }),
    );
    await app.app.listen({ port, host: '127.0.0.1' });
    await app.advance(12);
  });

  afterAll(() => app.close());

  it('takes its seat, publishes a thesis and gets the orchestrator’s decision on its order', async () => {
    const child = spawn(process.execPath, [EXAMPLE], {
      env: {
        PATH: process.env.PATH ?? '',
        MCP_URL: `http://127.0.0.1:${port}/mcp`,
        MCP_TOKEN: SEAT_TOKENS['deepseek-v3'],
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The market moves on while the agent works: its order is decided at the next bar's open.
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      await app.advance(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const code = await exited;
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/^get_guidance: strategist/m);
    expect(output).toMatch(/^publish_thesis: thesis \S+ delivered to \d+ agent/m);
    expect(output).toMatch(/^propose_order: filled: buy [\d.]+ BTCUSDT at [\d.]+$/m);
    expect(output).toMatch(/^my_usage: 4 calls/m);
  });
});
