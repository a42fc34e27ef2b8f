import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiTokenSetting, MIN_TOKEN_LENGTH, tokenDigest } from '../config/api-tokens.js';

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface StoredAdminToken {
  readonly setting: ApiTokenSetting;
  readonly path: string;
  readonly created: boolean;
}

/**
 * The admin token of a service given none: made once, written to DATA_DIR/admin-token readable by its
 * owner only, and read back on every later start, so the operator's token survives restarts.
 */
export function storedAdminToken(dataDir: string): StoredAdminToken {
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  const existing = readToken(path);
  if (existing !== undefined) {
    chmodSync(path, 0o600);
    return { setting: adminSetting(existing), path, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  // 'wx': two processes racing here cannot both win (the data-dir lock already prevents that).
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { setting: adminSetting(token), path, created: true };
}

function readToken(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const token = text.trim();
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`${path} holds no usable token; delete it to have a new one generated`);
  }
  return token;
}

function adminSetting(token: string): ApiTokenSetting {
  return { name: 'admin', scope: 'admin', sha256: tokenDigest(token) };
}

/** Where an operator finds the admin token, for the ready line: never the value. */
export function adminTokenWhereabouts(tokens: readonly ApiTokenSetting[], dataDir: string): string {
  return tokens.some((t) => t.scope === 'admin')
    ? 'from the environment (ADMIN_TOKEN or API_TOKENS_FILE)'
    : `in ${join(dataDir, ADMIN_TOKEN_FILE)} (export ADMIN_TOKEN=$(cat ${join(dataDir, ADMIN_TOKEN_FILE)}))`;
}
