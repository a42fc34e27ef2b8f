import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';

describe('MCP server configuration', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ct-mcp-config-'));

  const problems = (env: Record<string, string>) => configProblems(env, cwd);

  it('is off without seat tokens and on with them, unless switched off', () => {
    expect(loadConfig({}, cwd).mcp.serverEnabled).toBe(false);
    const seated = loadConfig({ MCP_SEAT_TOKENS: 'qwen:seat-token-0123456789' }, cwd);
    expect(seated.mcp).toMatchObject({
      serverEnabled: true,
      seats: [{ agentId: 'qwen', token: 'seat-token-0123456789' }],
    });
    expect(
      loadConfig(
        { MCP_SEAT_TOKENS: 'qwen:seat-token-0123456789', MCP_SERVER_ENABLED: 'false' },
        cwd,
      ).mcp.serverEnabled,
    ).toBe(false);
  });

  it('reads seats from a file as well (a mounted Secret), one per line', () => {
    const file = join(cwd, 'seats');
    writeFileSync(
      file,
      '# seats\ndeepseek-v3:file-token-0123456789\n\nfingpt:file-token-abcdefghij\n',
    );
    const config = loadConfig(
      { MCP_SEAT_TOKENS: 'qwen:seat-token-0123456789', MCP_SEAT_TOKENS_FILE: file },
      cwd,
    );
    expect(config.mcp.seats.map((s) => s.agentId)).toEqual(['qwen', 'deepseek-v3', 'fingpt']);
  });

  it('names each bad seat without quoting a token', () => {
    const found = problems({
      MCP_SEAT_TOKENS: 'nobody:seat-token-0123456789,qwen:short,fingpt:seat-token-0123456789',
      MCP_SEAT_TOKENS_FILE: join(cwd, 'missing'),
      MCP_ALLOWED_ORIGINS: 'https://ok.example,not an origin',
    });
    expect(found).toEqual([
      'MCP_SEAT_TOKENS_FILE: cannot read it (ENOENT)',
      'MCP seat tokens: no roster agent "nobody" to seat',
      'MCP seat tokens: the token of qwen must be at least 16 characters',
      'MCP_ALLOWED_ORIGINS: "not an origin" is not scheme://host[:port]',
    ]);
    expect(found.join('\n')).not.toContain('seat-token-0123456789');
    expect(problems({ MCP_SEAT_TOKENS: 'qwen' })).toEqual([
      'MCP seat tokens: each entry must be agent-id:token',
    ]);
  });

  it('always allows the service’s own localhost origins', () => {
    expect(
      loadConfig({ PORT: '9000', MCP_ALLOWED_ORIGINS: 'https://app.example/' }, cwd).mcp
        .allowedOrigins,
    ).toEqual(['http://localhost:9000', 'http://127.0.0.1:9000', 'https://app.example']);
  });
});
