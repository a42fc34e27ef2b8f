import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from './app-config.js';
import type { EnvironmentVariables } from './environment.dto.js';

/**
 * The Freqtrade connector's settings: off without `FREQTRADE_URL`; with it, a username and a password
 * (from `FREQTRADE_PASSWORD_FILE`, a mounted Secret, or `FREQTRADE_PASSWORD`) are required. Problems
 * never quote the password.
 */
export function freqtradeSettings(
  vars: EnvironmentVariables,
  cwd: string,
): { readonly settings: AppConfig['freqtrade']; readonly problems: string[] } {
  if (vars.FREQTRADE_URL === undefined) return { settings: undefined, problems: [] };
  const problems: string[] = [];
  let password = vars.FREQTRADE_PASSWORD;
  if (vars.FREQTRADE_PASSWORD_FILE !== undefined) {
    try {
      password = readFileSync(resolve(cwd, vars.FREQTRADE_PASSWORD_FILE), 'utf8').trim();
    } catch (error) {
      problems.push(
        `FREQTRADE_PASSWORD_FILE: cannot read it (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  }
  if (!vars.FREQTRADE_USERNAME)
    problems.push('FREQTRADE_URL is set: FREQTRADE_USERNAME is required');
  if (!password && problems.length === 0)
    problems.push(
      'FREQTRADE_URL is set: FREQTRADE_PASSWORD or FREQTRADE_PASSWORD_FILE is required',
    );
  if (problems.length > 0) return { settings: undefined, problems };
  return {
    settings: {
      url: vars.FREQTRADE_URL.replace(/\/+$/, ''),
      username: vars.FREQTRADE_USERNAME ?? '',
      password: password ?? '',
      onSilence: vars.FREQTRADE_ON_SILENCE,
      timeoutMs: vars.FREQTRADE_TIMEOUT_MS,
      probeMs: vars.FREQTRADE_PROBE_MS,
    },
    problems,
  };
}
