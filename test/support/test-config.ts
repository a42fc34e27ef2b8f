import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const MARKET_DATA_DIR = join(REPO_ROOT, 'assets', 'market');

export function temporaryDir(prefix = 'ct-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A configuration for tests: a fresh data directory, the bundled market data, a known admin token, and
 * a replay timer so slow it never fires, so tests advance the market themselves, and no auto-tuning.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const cwd = temporaryDir('ct-cwd-');
  return loadConfig(
    {
      DATA_DIR: join(cwd, 'data'),
      MARKET_DATA_DIR,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'ERROR',
      REPLAY_BAR_INTERVAL_MS: '300000',
      // Thresholds stay where the roster puts them unless a test turns tuning on.
      PARTICIPATION_AUTOTUNE: 'false',
      // A producer that appends a field its outbox stream lacks fails the test.
      OUTBOX_STRICT_FIELDS: 'true',
      ...overrides,
    },
    cwd,
  );
}
