import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BEARER_TOKEN_PATTERN } from './environment.dto.js';

/** What a token may do; each scope includes the ones before it. */
export const ACCESS_SCOPES = ['read', 'operator', 'admin'] as const;
export type AccessScope = (typeof ACCESS_SCOPES)[number];

/** A named token as the service keeps it: the SHA-256 of the value, never the value. */
export interface ApiTokenSetting {
  readonly name: string;
  readonly scope: AccessScope;
  /** Hex SHA-256 of the token. */
  readonly sha256: string;
}

export const MIN_TOKEN_LENGTH = 16;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

interface TokenSources {
  readonly ADMIN_TOKEN?: string;
  readonly OPERATOR_TOKEN?: string;
  readonly READ_TOKEN?: string;
  readonly API_TOKENS_FILE?: string;
}

interface ParsedTokens {
  readonly tokens: ApiTokenSetting[];
  readonly problems: string[];
}

/**
 * The tokens of ADMIN_TOKEN, OPERATOR_TOKEN, READ_TOKEN (named after their scope) and of API_TOKENS_FILE.
 * A problem names the file entry and field, never a token value.
 */
export function apiTokenSettings(vars: TokenSources): ParsedTokens {
  const tokens: ApiTokenSetting[] = [];
  const fromEnv = [
    ['admin', vars.ADMIN_TOKEN],
    ['operator', vars.OPERATOR_TOKEN],
    ['read', vars.READ_TOKEN],
  ] as const;
  for (const [scope, value] of fromEnv) {
    if (value !== undefined) tokens.push({ name: scope, scope, sha256: tokenDigest(value) });
  }
  const problems: string[] = [];
  if (vars.API_TOKENS_FILE !== undefined) {
    const file = readTokensFile(vars.API_TOKENS_FILE);
    tokens.push(...file.tokens);
    problems.push(...file.problems);
  }
  return { tokens, problems: [...problems, ...duplicates(tokens)] };
}

function readTokensFile(path: string): ParsedTokens {
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    // A JSON syntax error quotes the text around it, which may be a token: say only what failed.
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    return { tokens: [], problems: [`API_TOKENS_FILE ${path} ${reason}`] };
  }
  if (!Array.isArray(entries)) {
    return {
      tokens: [],
      problems: [`API_TOKENS_FILE ${path} must hold a JSON array of {name, scope, token}`],
    };
  }
  const tokens: ApiTokenSetting[] = [];
  const problems: string[] = [];
  entries.forEach((entry: unknown, i) => {
    const parsed = tokenEntry(entry, `API_TOKENS_FILE[${i}]`);
    if (typeof parsed === 'string') problems.push(parsed);
    else tokens.push(parsed);
  });
  return { tokens, problems };
}

function tokenEntry(entry: unknown, where: string): ApiTokenSetting | string {
  if (typeof entry !== 'object' || entry === null) return `${where} must be an object`;
  const { name, scope, token } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    return `${where}.name must be 1-64 letters, digits, '.', '_' or '-'`;
  }
  if (!ACCESS_SCOPES.includes(scope as AccessScope)) {
    return `${where}.scope must be one of ${ACCESS_SCOPES.join(', ')}`;
  }
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
    return `${where}.token must be a string of at least ${MIN_TOKEN_LENGTH} characters (value not shown)`;
  }
  if (!BEARER_TOKEN_PATTERN.test(token)) {
    return `${where}.token may hold only letters, digits and -._~+/= (value not shown)`;
  }
  return { name, scope: scope as AccessScope, sha256: tokenDigest(token) };
}

function duplicates(tokens: readonly ApiTokenSetting[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const digests = new Set<string>();
  for (const token of tokens) {
    if (names.has(token.name)) problems.push(`token name ${token.name} is used twice`);
    if (digests.has(token.sha256)) problems.push(`token ${token.name} has the value of another`);
    names.add(token.name);
    digests.add(token.sha256);
  }
  return problems;
}

/** Loopback binds: only this machine can connect, so reads may go without a token by default. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
