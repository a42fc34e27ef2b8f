import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

/** The problems `loadConfig` reports for `env`, one a line as at start; fails when it loads. */
export function configProblems(
  env: Record<string, string>,
  cwd = mkdtempSync(join(tmpdir(), 'ct-config-')),
): readonly string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
