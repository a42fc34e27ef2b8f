import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './test-config.js';
import { pollUntil } from './poll.js';

export const MAIN = join(REPO_ROOT, 'dist', 'src', 'main.js');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The built service (`dist/src/main.js`) running as its own process, as `npm start` runs it. */
export class ServiceProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static start(env: Record<string, string>, port: number): ServiceProcess {
    const child = spawn(process.execPath, [MAIN], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        OUTBOX_STRICT_FIELDS: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child, port);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(this.url(path));
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  /** Polls until `check` returns a value; a timeout reports the last error and the recent output. */
  until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    return pollUntil(check, timeoutMs, 250, () => this.output.slice(-3000));
  }

  ready(timeoutMs = 20_000): Promise<true> {
    return this.until(
      async () => ((await fetch(this.url('/readyz'))).ok ? true : undefined),
      timeoutMs,
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}
