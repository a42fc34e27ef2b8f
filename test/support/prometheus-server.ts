import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { temporaryDir } from './test-config.js';
import { pollUntil } from './poll.js';

/**
 * The path of a system tool the operations tests need. Missing, the test fails (never skips): CI
 * installs it in `.ci/run`, and locally `apt-get install -y prometheus kubectl` does.
 */
export function requireBinary(name: 'promtool' | 'prometheus' | 'kubectl'): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') {
    throw new Error(
      `${name} is not installed: run \`apt-get install -y ${name === 'kubectl' ? 'kubectl' : 'prometheus'}\` (.ci/run does)`,
    );
  }
  return path;
}

export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing' | 'inactive';
  readonly activeAt: string;
}

export interface PrometheusTarget {
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
  readonly scrapeUrl: string;
}

interface ApiResponse<T> {
  readonly status: 'success' | 'error';
  readonly data: T;
  readonly error?: string;
}

export interface InstantVector {
  readonly resultType: string;
  readonly result: { metric: Record<string, string>; value: [number, string] }[];
}

/** The Debian `prometheus` binary, scraping one target every second and evaluating rules every second. */
export class PrometheusServer {
  output = '';
  readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(options: { port: number; target: string; ruleFiles: string[] }): PrometheusServer {
    const dir = temporaryDir('ct-prometheus-');
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(
      configFile,
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '900ms' },
        rule_files: options.ruleFiles,
        scrape_configs: [
          {
            job_name: 'cloud-trader',
            metrics_path: '/metrics',
            // The label a Kubernetes ServiceMonitor adds, for the dashboard's namespace variable.
            static_configs: [{ targets: [options.target], labels: { namespace: 'trading' } }],
          },
        ],
      }),
    );
    const child = spawn(
      requireBinary('prometheus'),
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${options.port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return new PrometheusServer(child, options.port);
  }

  async api<T>(path: string): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`);
    const body = (await response.json()) as ApiResponse<T>;
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? response.status}`);
    return body.data;
  }

  async ready(): Promise<void> {
    await this.until(async () => {
      const response = await fetch(`http://127.0.0.1:${this.port}/-/ready`);
      return response.ok ? true : undefined;
    }, 20_000);
  }

  async alerts(): Promise<PrometheusAlert[]> {
    return (await this.api<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts;
  }

  async targets(): Promise<PrometheusTarget[]> {
    return (await this.api<{ activeTargets: PrometheusTarget[] }>('/api/v1/targets')).activeTargets;
  }

  query(expr: string): Promise<InstantVector> {
    return this.api<InstantVector>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  }

  /** Polls until `check` returns a value; a timeout reports the last error and the recent output. */
  until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    return pollUntil(check, timeoutMs, 500, () => this.output.slice(-3000));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
