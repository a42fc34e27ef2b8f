import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EnvironmentVariables } from './environment.dto.js';
import {
  AGENT_ID_PATTERN,
  ROLES,
  SEED_ROLES,
  SEED_ROSTER,
  SYMBOLS,
  type AgentDefinition,
  type Role,
} from './roster.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SYMBOL_PATTERN = /^[A-Z0-9]{2,20}$/;

/** What a seat entry may set after `id:role`, each as `key=value`. */
const SEAT_KEYS = ['floor', 'cap', 'threshold', 'symbols', 'tokens', 'usd'] as const;
type SeatKey = (typeof SEAT_KEYS)[number];

/**
 * Agents that exist only as MCP seats, declared in `MCP_SEATS` and the file `MCP_SEATS_FILE` names:
 * `id:role[:floor=5][:cap=20][:threshold=0.5][:symbols=BTCUSDT+ETHUSDT][:tokens=100000][:usd=2]`,
 * entries separated by commas or lines. Each joins the seed roster with no built-in driver. One problem
 * per bad entry or field.
 */
export function rosterSeats(
  vars: EnvironmentVariables,
  cwd: string,
): { readonly seats: readonly AgentDefinition[]; readonly problems: string[] } {
  const problems: string[] = [];
  const entries = splitEntries(vars.MCP_SEATS ?? '');
  if (vars.MCP_SEATS_FILE !== undefined) {
    try {
      entries.push(...splitEntries(readFileSync(resolve(cwd, vars.MCP_SEATS_FILE), 'utf8')));
    } catch (error) {
      problems.push(`MCP_SEATS_FILE: cannot read it (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  const taken = new Set<string>(SEED_ROSTER.map((a) => a.id));
  const seats: AgentDefinition[] = [];
  for (const entry of entries) {
    const parsed = parseSeat(entry, taken);
    problems.push(...parsed.problems);
    if (parsed.seat && parsed.problems.length === 0) {
      taken.add(parsed.seat.id);
      seats.push(parsed.seat);
    }
  }
  return { seats, problems };
}

/** Every declared seat must be one an MCP client can take: it needs a token and the server. */
export function seatAccessProblems(
  seats: readonly AgentDefinition[],
  mcp: { readonly serverEnabled: boolean; readonly seats: readonly { readonly agentId: string }[] },
): string[] {
  const tokened = new Set(mcp.seats.map((s) => s.agentId));
  const untokened = seats
    .filter((s) => !tokened.has(s.id))
    .map(
      (s) =>
        `MCP_SEATS: ${s.id} has no token: give it one in MCP_SEAT_TOKENS or MCP_SEAT_TOKENS_FILE`,
    );
  if (untokened.length > 0 || seats.length === 0 || mcp.serverEnabled) return untokened;
  return ['MCP_SEATS: declared seats need the MCP server (MCP_SERVER_ENABLED is false)'];
}

function parseSeat(
  entry: string,
  taken: ReadonlySet<string>,
): { seat?: AgentDefinition; problems: string[] } {
  const [id = '', role = '', ...options] = entry.split(':').map((p) => p.trim());
  if (!id || !role) return { problems: [`MCP_SEATS: "${entry}" must be id:role[:key=value…]`] };
  if (!AGENT_ID_PATTERN.test(id))
    return {
      problems: [
        `MCP_SEATS: "${id}" is not an agent id (2–40 of a-z, 0-9 and -, starting with a letter or digit)`,
      ],
    };
  if (taken.has(id))
    return {
      problems: [
        `MCP_SEATS: ${id} is already a roster agent (an outside model takes a seed agent's seat with a token in MCP_SEAT_TOKENS alone)`,
      ],
    };
  if (!(ROLES as readonly string[]).includes(role))
    return { problems: [`MCP_SEATS: ${id}: role must be one of ${ROLES.join(', ')}`] };
  const seat: Mutable<AgentDefinition> = {
    id,
    role: role as Role,
    symbols: [...SYMBOLS],
    transport: 'mcp',
  };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = option.slice(0, eq).trim();
    const value = option.slice(eq + 1).trim();
    if (eq <= 0 || !(SEAT_KEYS as readonly string[]).includes(key))
      problems.push(`MCP_SEATS: ${id}: "${option}" is not one of ${SEAT_KEYS.join('=, ')}=`);
    else if (seen.has(key)) problems.push(`MCP_SEATS: ${id}: ${key} is given twice`);
    else {
      seen.add(key);
      const problem = applyOption(seat, key as SeatKey, value);
      if (problem) problems.push(`MCP_SEATS: ${id}: ${problem}`);
    }
  }
  problems.push(...boundsProblems(seat));
  return { seat, problems };
}

/** Sets one `key=value` on the seat; returns what is wrong with it, if anything. */
function applyOption(
  seat: Mutable<AgentDefinition>,
  key: SeatKey,
  value: string,
): string | undefined {
  const n = value === '' ? NaN : Number(value);
  switch (key) {
    case 'floor':
    case 'cap':
      if (!(n >= 0 && n <= 100)) return `${key} must be a percentage of the portfolio, 0–100`;
      seat.allocation = { ...seat.allocation, [key === 'floor' ? 'floorPct' : 'capPct']: n };
      return undefined;
    case 'threshold':
      if (!(n >= 0 && n <= 1)) return 'threshold must be between 0 and 1';
      seat.threshold = n;
      return undefined;
    case 'tokens':
      if (!(Number.isInteger(n) && n >= 0)) return 'tokens must be a whole number of tokens a day';
      seat.modelBudget = { ...seat.modelBudget, dailyTokens: n };
      return undefined;
    case 'usd':
      if (!(n >= 0 && Number.isFinite(n))) return 'usd must be a daily budget in USD, 0 or more';
      seat.modelBudget = { ...seat.modelBudget, dailyCostUsd: n };
      return undefined;
    case 'symbols': {
      const symbols = value.split('+').map((s) => s.trim());
      const bad = symbols.filter((s) => !SYMBOL_PATTERN.test(s));
      if (bad.length > 0 || value === '')
        return `symbols must be symbols joined by + (BTCUSDT+ETHUSDT); not "${bad.join('+')}"`;
      seat.symbols = [...new Set(symbols)];
      return undefined;
    }
    default: {
      const unknown: never = key;
      return `unknown key ${String(unknown)}`;
    }
  }
}

/** Only a trading role takes capital, and a floor above the cap could never hold. */
function boundsProblems(seat: AgentDefinition): string[] {
  const { floorPct, capPct } = seat.allocation ?? {};
  const trades = SEED_ROLES.find((r) => r.role === seat.role)?.trades ?? false;
  if (!trades && ((floorPct ?? 0) > 0 || (capPct ?? 0) > 0))
    return [`MCP_SEATS: ${seat.id}: the ${seat.role} role does not trade, so it takes no capital`];
  if (floorPct !== undefined && capPct !== undefined && floorPct > capPct)
    return [`MCP_SEATS: ${seat.id}: floor ${floorPct} is above cap ${capPct}`];
  return [];
}

function splitEntries(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('#'));
}
