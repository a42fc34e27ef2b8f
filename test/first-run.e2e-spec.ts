import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './support/service-process.js';
import { pollUntil } from './support/poll.js';
import { REPO_ROOT, temporaryDir } from './support/test-config.js';

const MAIN = join(REPO_ROOT, 'dist', 'src', 'main.js');
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[\d+m/g, '');

/**
 * `npm start` as a new user runs it, with the build already current: it must not compile again, and its
 * ready line must say where the dashboard, the docs and the admin token are. The time to ready is
 * measured and written to test-artifacts/first-run.json (a figure, not an assertion).
 */
describe('first run: npm start with a current build', () => {
  it('starts without compiling and prints the dashboard, docs and admin-token whereabouts', async () => {
    execFileSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.start.json'],
      {
        cwd: REPO_ROOT,
        stdio: 'ignore',
      },
    );
    const builtAt = statSync(MAIN).mtimeMs;
    const dataDir = join(temporaryDir(), 'data');
    const port = await freePort();
    const started = performance.now();
    const child = spawn('npm', ['start'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_FORMAT: 'pretty',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const ready = await pollUntil(
        () =>
          Promise.resolve(
            plain(output)
              .split('\n')
              .find((l) => l.includes('Cloud Trader ready on')),
          ),
        60_000,
        20,
        () => output.slice(-3000),
      );
      const readyMs = performance.now() - started;
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(
        join(ARTIFACTS, 'first-run.json'),
        `${JSON.stringify({ name: 'npm start to ready (current build)', value: Math.round(readyMs), unit: 'ms' })}\n`,
      );
      process.stdout.write(`npm start to ready with a current build: ${Math.round(readyMs)} ms\n`);

      expect(statSync(MAIN).mtimeMs).toBe(builtAt);
      expect(ready).toMatch(
        /^\d\d:\d\d:\d\d INFO +\[Main\] Cloud Trader ready on http:\/\/localhost:\d+/,
      );
      expect(ready).toContain(`dashboard http://localhost:${port}/dashboard`);
      expect(ready).toContain(`API docs http://localhost:${port}/docs`);
      const tokenFile = join(dataDir, 'admin-token');
      expect(ready).toContain(`admin token: ${tokenFile}`);
      expect(statSync(tokenFile).mode & 0o077).toBe(0);
      const token = readFileSync(tokenFile, 'utf8').trim();
      const response = await fetch(`http://127.0.0.1:${port}/set-participation-threshold/qwen`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ threshold: 0.5 }),
      });
      expect(response.status).toBe(200);
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 120_000);
});
