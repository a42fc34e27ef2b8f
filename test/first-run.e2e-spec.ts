import { stripVTControlCharacters } from 'node:util';
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './support/service-process.js';
import { pollUntil } from './support/poll.js';
import { REPO_ROOT, temporaryDir } from './support/test-config.js';

const MAIN = join(REPO_ROOT, 'dist', 'src', 'main.js');
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const plain = (text: string) => stripVTControlCharacters(text);

interface Started {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly ready: string;
  readonly readyMs: number;
  readonly port: number;
  readonly dataDir: string;
}

/** Starts `command` as a user would in a terminal-less shell and waits for the ready line. */
async function startUntilReady(command: string, args: string[]): Promise<Started> {
  const dataDir = join(temporaryDir(), 'data');
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
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
  return { child, ready, readyMs: performance.now() - started, port, dataDir };
}

async function stop(started: Started | undefined): Promise<void> {
  if (started?.child.pid === undefined) return;
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  process.kill(-started.child.pid, 'SIGTERM');
  await new Promise((resolve) => started.child.once('exit', resolve));
}

/**
 * `npm start` as a new user runs it, with the build already current: it must not compile again, and its
 * ready line must say where the dashboard, the docs and the admin token are. The time to ready is
 * measured, with `node dist/src/main.js` in the same run as the baseline, and written to
 * test-artifacts/first-run.json (figures, not assertions).
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
    let npm: Started | undefined;
    let node: Started | undefined;
    try {
      npm = await startUntilReady('npm', ['start']);
      const { ready, port, dataDir } = npm;
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
      await stop(npm);

      node = await startUntilReady(process.execPath, [MAIN]);
      const figure = {
        name: 'npm_start_to_ready_current_build',
        value: Math.round(npm.readyMs),
        unit: 'ms',
        baseline: Math.round(node.readyMs),
        baselineName: 'node_dist_main_to_ready',
        ratio: Number((npm.readyMs / node.readyMs).toFixed(2)),
        budget: 3_000,
      };
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, 'first-run.json'), `${JSON.stringify(figure)}\n`);
      process.stdout.write(`${JSON.stringify(figure)}\n`);
    } finally {
      await stop(npm);
      await stop(node);
    }
  }, 180_000);
});
