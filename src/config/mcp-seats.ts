import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from './app-config.js';
import type { EnvironmentVariables } from './environment.dto.js';
import type { AgentDefinition } from './roster.js';

/** A seat token shorter than this is guessable. */
const MIN_TOKEN_LENGTH = 16;

type Seat = AppConfig['mcp']['seats'][number];

/**
 * The MCP server's settings: seats from `MCP_SEAT_TOKENS` and the file `MCP_SEAT_TOKENS_FILE` names,
 * each checked against the roster. Problems never quote a token.
 */
export function mcpSettings(
  vars: EnvironmentVariables,
  cwd: string,
  roster: readonly AgentDefinition[],
  port: number,
): { readonly settings: AppConfig['mcp']; readonly problems: string[] } {
  const problems: string[] = [];
  const pairs = splitPairs(vars.MCP_SEAT_TOKENS ?? '');
  if (vars.MCP_SEAT_TOKENS_FILE !== undefined) {
    try {
      pairs.push(...splitPairs(readFileSync(resolve(cwd, vars.MCP_SEAT_TOKENS_FILE), 'utf8')));
    } catch (error) {
      problems.push(
        `MCP_SEAT_TOKENS_FILE: cannot read it (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  }
  const known = new Set(roster.map((a) => a.id));
  const seats: Seat[] = [];
  const tokens = new Set<string>();
  for (const pair of pairs) {
    const colon = pair.indexOf(':');
    const agentId = colon > 0 ? pair.slice(0, colon) : '';
    const token = colon > 0 ? pair.slice(colon + 1) : '';
    if (!agentId || !token) problems.push('MCP seat tokens: each entry must be agent-id:token');
    else if (!known.has(agentId))
      problems.push(`MCP seat tokens: no roster agent "${agentId}" to seat`);
    else if (token.length < MIN_TOKEN_LENGTH)
      problems.push(
        `MCP seat tokens: the token of ${agentId} must be at least ${MIN_TOKEN_LENGTH} characters`,
      );
    else if (tokens.has(token)) problems.push(`MCP seat tokens: ${agentId} reuses another's token`);
    else {
      tokens.add(token);
      seats.push({ agentId, token });
    }
  }
  const serverEnabled = vars.MCP_SERVER_ENABLED ?? seats.length > 0;
  const allowedOrigins = [
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    ...(vars.MCP_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter((o) => o !== ''),
  ];
  for (const origin of allowedOrigins)
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(`MCP_ALLOWED_ORIGINS: "${origin}" is not scheme://host[:port]`);
  return { settings: { serverEnabled, seats, allowedOrigins }, problems };
}

function splitPairs(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('#'));
}
