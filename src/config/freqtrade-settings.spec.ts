import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';

describe('Freqtrade connector configuration', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ct-freqtrade-config-'));

  const problems = (env: Record<string, string>) => configProblems(env, cwd);

  it('is off without FREQTRADE_URL', () => {
    expect(loadConfig({}, cwd).freqtrade).toBeUndefined();
  });

  it('takes the password from a file (a mounted Secret) over the variable', () => {
    const file = join(cwd, 'freqtrade-password');
    writeFileSync(file, 'from-the-secret\n');
    const config = loadConfig(
      {
        FREQTRADE_URL: 'http://freqtrade:8080/',
        FREQTRADE_USERNAME: 'ct',
        FREQTRADE_PASSWORD: 'from-the-variable',
        FREQTRADE_PASSWORD_FILE: file,
        FREQTRADE_ON_SILENCE: 'halt',
      },
      cwd,
    );
    expect(config.freqtrade).toEqual({
      url: 'http://freqtrade:8080',
      username: 'ct',
      password: 'from-the-secret',
      onSilence: 'halt',
      timeoutMs: 10_000,
      probeMs: 5_000,
    });
  });

  it('names each missing or bad variable, never the password', () => {
    expect(problems({ FREQTRADE_URL: 'http://127.0.0.1:8080' })).toEqual([
      'FREQTRADE_URL is set: FREQTRADE_USERNAME is required',
    ]);
    expect(problems({ FREQTRADE_URL: 'http://127.0.0.1:8080', FREQTRADE_USERNAME: 'ct' })).toEqual([
      'FREQTRADE_URL is set: FREQTRADE_PASSWORD or FREQTRADE_PASSWORD_FILE is required',
    ]);
    const missing = problems({
      FREQTRADE_URL: 'http://127.0.0.1:8080',
      FREQTRADE_USERNAME: 'ct',
      FREQTRADE_PASSWORD_FILE: join(cwd, 'absent'),
    });
    expect(missing).toEqual(['FREQTRADE_PASSWORD_FILE: cannot read it (ENOENT)']);
    expect(problems({ FREQTRADE_URL: 'ftp://x', FREQTRADE_ON_SILENCE: 'maybe' })).toEqual([
      'FREQTRADE_URL="ftp://x": FREQTRADE_URL must be a URL address',
      'FREQTRADE_ON_SILENCE="maybe": FREQTRADE_ON_SILENCE must be one of the following values: stand-in, halt',
      'FREQTRADE_URL is set: FREQTRADE_USERNAME is required',
    ]);
    const bad = problems({
      FREQTRADE_URL: 'http://h:1',
      FREQTRADE_USERNAME: 'u',
      FREQTRADE_PASSWORD: 's3cret-value',
      FREQTRADE_TIMEOUT_MS: '5',
    });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain('FREQTRADE_TIMEOUT_MS');
    expect(bad.join()).not.toContain('s3cret-value');
  });
});
