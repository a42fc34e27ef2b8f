import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from './poll.js';
import { freePort } from './service-process.js';
import { temporaryDir } from './test-config.js';

const START_TIMEOUT_MS = 10_000;
const CANDIDATES = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'];

function binary(name: string): string | undefined {
  return CANDIDATES.map((p) => p.replace(/mosquitto$/, name)).find((p) => existsSync(p));
}

/**
 * Whether a test that needs the broker may be skipped: only outside CI. Under `CI=true` a missing
 * mosquitto or a broker that does not start fails the test instead.
 */
export function mosquittoAvailable(): boolean {
  return process.env.CI === 'true' || binary('mosquitto') !== undefined;
}

/**
 * Debian's Mosquitto on a free local port, with a generated configuration: one listener on
 * 127.0.0.1 and, when given, one user in a password file (anonymous clients refused).
 */
export class Mosquitto {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  static async start(user?: { username: string; password: string }): Promise<Mosquitto> {
    const mosquitto = binary('mosquitto');
    if (!mosquitto) throw new Error('mosquitto is not installed (apt-get install -y mosquitto)');
    const dir = temporaryDir('ct-mosquitto-');
    const port = await freePort();
    // Started as root, mosquitto would drop to its own user and could not read our private directory.
    const lines = [
      `listener ${port} 127.0.0.1`,
      `user ${userInfo().username}`,
      'persistence false',
      'log_dest stderr',
    ];
    if (user) {
      const passwords = join(dir, 'passwords');
      writeFileSync(passwords, '');
      const made = spawnSync(binary('mosquitto_passwd') ?? 'mosquitto_passwd', [
        '-b',
        passwords,
        user.username,
        user.password,
      ]);
      if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${String(made.stderr)}`);
      lines.push(`password_file ${passwords}`, 'allow_anonymous false');
    } else lines.push('allow_anonymous true');
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(conf, `${lines.join('\n')}\n`);
    const child = spawn(mosquitto, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    const broker = new Mosquitto(child, port);
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(new Error(`mosquitto did not start: ${error.message}`)),
      );
      child.once('exit', (code) =>
        reject(new Error(`mosquitto exited (${code}) before listening:\n${broker.output}`)),
      );
    });
    try {
      await Promise.race([
        pollUntil(
          () => listening(port),
          START_TIMEOUT_MS,
          50,
          () => broker.output,
        ),
        exited,
      ]);
    } catch (error) {
      await broker.stop();
      throw error;
    }
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

function listening(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });
}
