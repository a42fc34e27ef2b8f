import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './service-process.js';

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 3_000;

/**
 * Whether a test that needs the emulator may be skipped: only outside CI. Under `CI=true` a missing
 * gcloud or an emulator that does not start fails the test instead.
 */
export function emulatorAvailable(): boolean {
  if (process.env.CI === 'true') return true;
  return spawnSync('gcloud', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The Pub/Sub emulator (`gcloud beta emulators pubsub start`) on a free local port. gcloud runs the
 * emulator as a Java child that outlives it, so it runs in its own process group and the whole group is
 * stopped. `stop` then `start` again keeps the same port: a client sees the server go away and return.
 */
export class PubSubEmulator {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(readonly port: number) {}

  static async start(): Promise<PubSubEmulator> {
    const emulator = new PubSubEmulator(await freePort());
    await emulator.start();
    return emulator;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    this.output = '';
    const child = spawn(
      'gcloud',
      ['beta', 'emulators', 'pubsub', 'start', `--host-port=${this.host}`, '--quiet'],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`gcloud did not start: ${error.message}`)));
      child.once('exit', (code) =>
        reject(new Error(`the emulator exited (${code}) before it was ready:\n${this.output}`)),
      );
    });
    try {
      await Promise.race([this.waitUntilServing(), exited]);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops gcloud and its Java child: SIGTERM to the group, SIGKILL after a grace period. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child?.pid) return;
    const group = -child.pid;
    if (!signalGroup(group, 'SIGTERM')) return;
    const deadline = Date.now() + STOP_GRACE_MS;
    while (Date.now() < deadline && groupAlive(group)) await sleep(100);
    if (groupAlive(group)) signalGroup(group, 'SIGKILL');
    // A killed process may linger as a zombie until reaped; do not wait for that forever.
    const killDeadline = Date.now() + STOP_GRACE_MS;
    while (Date.now() < killDeadline && groupAlive(group)) await sleep(50);
  }

  private async waitUntilServing(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    // The emulator also answers its REST surface on the gRPC port; a 200 on `/` means it is serving.
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`http://${this.host}/`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`the emulator did not start within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }
}

function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(group: number): boolean {
  return signalGroup(group, 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
