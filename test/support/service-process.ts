import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './test-config.js';

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
      env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
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

  /** Polls until `check` returns a value, or fails after `timeoutMs` with the last error and the output. */
  async until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(
      `timed out after ${timeoutMs} ms (${String(last)})\n${this.output.slice(-3000)}`,
    );
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
