import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { print, round } from './bench-result.js';

const MAIN = resolve(import.meta.dirname, '..', 'src', 'main.js');
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
/** Seconds per run; `RETENTION_BENCH_SECONDS=600` for the ten-minute run. */
const RUN_SECONDS = Number(process.env.RETENTION_BENCH_SECONDS ?? 120);
const SAMPLE_MS = 5_000;
/**
 * The retention of the measured run: one day of market time, 288 five-minute bars, about 6 s at 20 ms
 * per bar. The run uses the seeded simulated market, which never ends (the bundled month ends after
 * 8,832 bars, three minutes at this pace), so the service trades for the whole run.
 */
const RETENTION_DAYS = 1;
/** The baseline keeps everything for the length of the run (the largest value the setting takes). */
const KEEP_ALL_DAYS = 36_500;

interface Sample {
  readonly seconds: number;
  /** Database, WAL and shared-memory files on disk. */
  readonly fileMb: number;
  /** The database's own pages (page_count × page_size): what retention bounds. */
  readonly pagesMb: number;
  readonly rssMb: number;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

function fileMb(dataDir: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      bytes += statSync(join(dataDir, `cloud-trader.sqlite${suffix}`)).size;
    } catch {
      // not there yet
    }
  }
  return bytes / 1024 / 1024;
}

function pagesMb(dataDir: string): number {
  const db = new BetterSqlite3(join(dataDir, 'cloud-trader.sqlite'), { readonly: true });
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    return (pages * (db.pragma('page_size', { simple: true }) as number)) / 1024 / 1024;
  } finally {
    db.close();
  }
}

async function rssMb(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = /^process_resident_memory_bytes (\S+)$/m.exec(text);
  return match ? Number(match[1]) / 1024 / 1024 : NaN;
}

/** Least-squares slope of y over x, per minute. */
function slopePerMinute(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return (sxy / sxx) * 60;
}

/** The built service, a bar every 20 ms, sampled for its file size and RSS. */
async function run(retentionDays: number): Promise<Sample[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ct-bench-retention-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      DATA_DIR: dataDir,
      MARKET_DATA: 'simulated',
      REPLAY_BAR_INTERVAL_MS: '20',
      LOCAL_RETENTION_DAYS: String(retentionDays),
      ADMIN_TOKEN: 'bench-admin-token-0123456789',
      LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => child.once('exit', done));
  try {
    for (let ready = false; !ready;) {
      await new Promise((done) => setTimeout(done, 200));
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    }
    const started = performance.now();
    const samples: Sample[] = [];
    while (performance.now() - started < RUN_SECONDS * 1_000) {
      await new Promise((done) => setTimeout(done, SAMPLE_MS));
      samples.push({
        seconds: (performance.now() - started) / 1_000,
        fileMb: fileMb(dataDir),
        pagesMb: pagesMb(dataDir),
        rssMb: await rssMb(port),
      });
    }
    return samples;
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Slopes over the second half of the run, once the retention window has filled. */
function summary(samples: readonly Sample[]) {
  const late = samples.filter((s) => s.seconds >= RUN_SECONDS / 2);
  const last = samples[samples.length - 1];
  const fileSlope = slopePerMinute(late.map((s) => ({ x: s.seconds, y: s.fileMb })));
  return {
    pagesSlope: slopePerMinute(late.map((s) => ({ x: s.seconds, y: s.pagesMb }))),
    pagesMb: last.pagesMb,
    fileSlope,
    rssSlope: slopePerMinute(late.map((s) => ({ x: s.seconds, y: s.rssMb }))),
    fileMb: last.fileMb,
    rssMb: last.rssMb,
    // The file at ten minutes, if the late slope holds (the with-retention one is already flat).
    fileAt10MinMb: last.fileMb + fileSlope * Math.max(0, 10 - last.seconds / 60),
  };
}

export async function runRetentionBench(): Promise<void> {
  const keepAll = summary(await run(KEEP_ALL_DAYS));
  const trimmed = summary(await run(RETENTION_DAYS));
  const detail = { runSeconds: RUN_SECONDS, barMs: 20, retentionSeconds: RETENTION_DAYS * 86_400 };
  const figure = (name: string, unit: string, value: number, baseline: number) =>
    print({
      name,
      value: round(value),
      unit,
      baseline: round(baseline),
      ratio: round(value / baseline),
      ...detail,
    });
  figure('retention.db_pages_slope', 'MB/min', trimmed.pagesSlope, keepAll.pagesSlope);
  figure('retention.db_pages_end', 'MB', trimmed.pagesMb, keepAll.pagesMb);
  figure('retention.db_file_slope', 'MB/min', trimmed.fileSlope, keepAll.fileSlope);
  figure('retention.db_file_end', 'MB', trimmed.fileMb, keepAll.fileMb);
  figure('retention.db_file_at_10_min', 'MB', trimmed.fileAt10MinMb, keepAll.fileAt10MinMb);
  figure('retention.rss_slope', 'MB/min', trimmed.rssSlope, keepAll.rssSlope);
  figure('retention.rss_end', 'MB', trimmed.rssMb, keepAll.rssMb);
}
