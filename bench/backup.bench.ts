import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { BackupService } from '../src/backup/backup.service.js';
import { DirectoryBackupStore } from '../src/backup/directory.backup-store.js';
import { ManualClock, SystemMonotonic, SystemWallClock } from '../src/platform/clock.js';
import { Outbox } from '../src/platform/outbox.js';
import { MarketScheduler } from '../src/platform/scheduler.js';
import type { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { median, print, round } from './bench-result.js';
import { mainCause, type Stall as TracedStall, StallTrace } from './backup-stall-trace.js';
import { benchSignal } from './outbox.bench.js';
import { serviceSqlite } from './service-sqlite.js';

/** Outbox rows of the database backed up: some 60 MB, weeks of a busy service. */
const ROWS = 200_000;
/** Rows the bus appends every millisecond while the backup runs (5,000/s), committed every 100 ms. */
const ROWS_PER_MS = 5;
const RUNS = 5;

interface Run extends Stall {
  readonly ms: number;
  readonly pinWaitMs: number;
  readonly bytes: number;
  /** The same load for as long, without a backup. */
  readonly idle: Stall;
}

function fill(sqlite: SqliteConnection): Outbox {
  const outbox = new Outbox(sqlite, new ManualClock(Date.now()));
  const ts = Date.now();
  for (let i = 0; i < ROWS; i += 10_000) {
    for (let k = i; k < i + 10_000; k++) outbox.append('signals', benchSignal(k, ts));
    outbox.flush();
  }
  // The filling's garbage is the bench's, not the backup's: collect it before anything is measured,
  // or a major GC of it lands in the backup's window (14–69 ms stalls seen).
  globalThis.gc?.();
  return outbox;
}

/** The longest group commit since the last reset: what the disk makes the event loop wait for. */
export const commits = { maxMs: 0, trace: undefined as StallTrace | undefined };

/** Keeps a busy service's write load going: appends every millisecond, a group commit every 100 ms. */
function busyWriter(outbox: Outbox): () => void {
  let n = ROWS;
  const ts = Date.now();
  const append = setInterval(() => {
    for (let k = 0; k < ROWS_PER_MS; k++) outbox.append('signals', benchSignal(n++, ts));
  }, 1);
  const flush = setInterval(() => {
    const started = performance.now();
    outbox.flush();
    const ended = performance.now();
    commits.maxMs = Math.max(commits.maxMs, ended - started);
    commits.trace?.span('commit', started, ended);
  }, 100);
  return () => {
    clearInterval(append);
    clearInterval(flush);
    outbox.flush();
  };
}

interface Stall {
  readonly maxStallMs: number;
  readonly p99StallMs: number;
  /** The longest group commit meanwhile. */
  readonly maxCommitMs: number;
  /** Stalls longer than a few milliseconds, longest first, with how the event loop's thread spent them. */
  readonly stalls: readonly TracedStall[];
}

/**
 * The monitor's own timer given time to report the last delay, and the backup's tail its place: the
 * fresh worker thread it starts when done boots on some 30 ms of CPU at normal priority.
 */
const TAIL_MS = 100;

/** The event loop's delays while `work` runs, and for `TAIL_MS` after. */
async function watchLoop<R>(
  work: (trace: StallTrace) => Promise<R>,
): Promise<Stall & { result: R }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const trace = new StallTrace();
  commits.maxMs = 0;
  commits.trace = trace;
  delay.enable();
  trace.start();
  const result = await work(trace);
  await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
  delay.disable();
  commits.trace = undefined;
  return {
    maxStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
    maxCommitMs: commits.maxMs,
    stalls: trace.stop(),
    result,
  };
}

/** The whole online backup, as the service runs it (copy and check on workers, rename). */
async function onlineBackup(): Promise<Run> {
  const { sqlite, close } = serviceSqlite();
  const outbox = fill(sqlite);
  const dir = join(sqlite.db.name, '..', 'backups');
  const clock = new ManualClock(Date.now());
  const service = new BackupService(
    sqlite,
    new DirectoryBackupStore(dir),
    undefined,
    { intervalMs: 0, keep: 2 },
    {
      clock,
      wallClock: new SystemWallClock(),
      monotonic: new SystemMonotonic(),
      scheduler: new MarketScheduler(clock),
    },
  );
  service.onModuleInit();
  const stop = busyWriter(outbox);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const backup = await watchLoop(async (trace) => {
    let capturedAt = 0;
    const taken = await service.backUp(() => (capturedAt = performance.now()));
    trace.span('pin', capturedAt, capturedAt + taken.record.pinWaitMs);
    return taken;
  });
  const record = backup.result.record;
  const idle = await watchLoop(
    () => new Promise((resolve) => setTimeout(resolve, record.durationMs)),
  );
  stop();
  await service.onModuleDestroy();
  await close();
  return {
    ...backup,
    ms: record.durationMs,
    pinWaitMs: record.pinWaitMs,
    bytes: record.bytes,
    idle,
  };
}

/** The usual alternative: `VACUUM INTO`, one statement that holds the event loop until the copy is done. */
async function vacuumInto(): Promise<Run> {
  const { sqlite, close } = serviceSqlite();
  const outbox = fill(sqlite);
  const stop = busyWriter(outbox);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const target = join(sqlite.db.name, '..', 'vacuum-copy.sqlite');
  let ms = 0;
  const stall = await watchLoop(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    sqlite.db.prepare('VACUUM INTO ?').run(target);
    ms = performance.now() - started;
  });
  stop();
  rmSync(target, { force: true });
  await close();
  return { ...stall, ms, pinWaitMs: ms, bytes: 0, idle: stall };
}

/** The longest stall less the time the event loop's thread sat runnable waiting for a CPU. */
function ownStallMs(stall: Stall): number {
  return Math.max(0, ...stall.stalls.map(ownMs));
}

function ownMs(stall: TracedStall): number {
  return stall.ms - stall.cpuWaitMs;
}

function longestOwn(stall: Stall): TracedStall | undefined {
  return [...stall.stalls].sort((a, b) => ownMs(b) - ownMs(a))[0];
}

function describe(stall: TracedStall | undefined): string {
  if (!stall) return 'none over 4 ms';
  const parts = `cpu-wait ${stall.cpuWaitMs.toFixed(1)}, on-cpu ${stall.onCpuMs.toFixed(1)}, blocked ${stall.blockedMs.toFixed(1)}; our other threads on a CPU ${stall.otherThreadsCpuMs.toFixed(1)}`;
  const during = stall.during.length > 0 ? ` during ${stall.during.join(', ')}` : '';
  return `${stall.ms.toFixed(1)} ms (${mainCause(stall)}: ${parts})${during}`;
}

/** Where each run's longest stalls came from, with and without a backup. */
function printAttribution(online: readonly Run[]): void {
  const own = median(online.map(ownStallMs));
  const idleOwn = median(online.map((r) => ownStallMs(r.idle)));
  print({
    name: 'backup_event_loop_max_stall_less_cpu_wait_ms',
    value: round(own),
    unit: 'ms',
    baseline: round(idleOwn),
    ratio: round(own / Math.max(idleOwn, 0.001)),
    baselineName: 'the same write load for as long, no backup',
    worstRun: round(Math.max(...online.map(ownStallMs))),
    worstIdleRun: round(Math.max(...online.map((r) => ownStallMs(r.idle)))),
    detail:
      'median over runs of the longest stall less the time the event loop thread was runnable but waiting for a CPU (kernel schedstat): what our own work and the disk cost it',
    longestStalls: online.map((r) => describe(r.stalls[0])),
    longestIdleStalls: online.map((r) => describe(r.idle.stalls[0])),
    longestOwnStalls: online.map((r) => describe(longestOwn(r))),
    longestOwnIdleStalls: online.map((r) => describe(longestOwn(r.idle))),
    loadAverage: loadavg().map((l) => round(l, 2)),
  });
}

export async function runBackupBench(): Promise<void> {
  Logger.overrideLogger(['error']);
  const loadBefore = loadavg().map((l) => round(l, 2));
  const online: Run[] = [];
  const blocking: Run[] = [];
  for (let run = 0; run < RUNS; run++) {
    online.push(await onlineBackup());
    blocking.push(await vacuumInto());
  }
  // Medians of each run's longest stall: on a shared machine one run's worst is the scheduler's.
  const value = median(online.map((r) => r.maxStallMs));
  const idle = median(online.map((r) => r.idle.maxStallMs));
  print({
    name: 'backup_event_loop_max_stall_ms',
    value: round(value),
    unit: 'ms',
    baseline: round(idle),
    ratio: round(value / idle),
    baselineName: 'the same write load for as long, no backup',
    p99: round(median(online.map((r) => r.p99StallMs))),
    worstRun: round(Math.max(...online.map((r) => r.maxStallMs))),
    longestCommitMs: round(Math.max(...online.map((r) => r.maxCommitMs))),
    longestIdleCommitMs: round(Math.max(...online.map((r) => r.idle.maxCommitMs))),
    worstIdleRun: round(Math.max(...online.map((r) => r.idle.maxStallMs))),
    detail: `median over ${RUNS} runs of the monitorEventLoopDelay max during an online backup of ${round(online[0].bytes / 1e6)} MB while ${ROWS_PER_MS} outbox rows are appended every millisecond and committed every 100 ms`,
    goal: 20,
    loadAverageBefore: loadBefore,
  });
  printAttribution(online);
  const pinWait = Math.max(...online.map((r) => r.pinWaitMs));
  print({
    name: 'backup_pin_wait_max_ms',
    value: round(pinWait),
    unit: 'ms',
    baseline: round(median(blocking.map((r) => r.ms))),
    ratio: round(pinWait / median(blocking.map((r) => r.ms))),
    baselineName: 'VACUUM INTO the same database, one blocking statement (median of runs)',
    detail: `longest the event loop waited for the worker to pin its snapshot, over ${RUNS} backups: the only time a backup holds the event loop`,
    goal: 20,
  });
  const blockingStall = median(blocking.map((r) => r.maxStallMs));
  print({
    name: 'backup_vacuum_into_event_loop_max_stall_ms',
    value: round(blockingStall),
    unit: 'ms',
    detail:
      'VACUUM INTO the same database under the same load (median of runs): what a blocking copy costs',
  });
  print({
    name: 'backup_duration_ms',
    value: round(median(online.map((r) => r.ms))),
    unit: 'ms',
    baseline: round(median(blocking.map((r) => r.ms))),
    ratio: round(median(online.map((r) => r.ms)) / median(blocking.map((r) => r.ms))),
    baselineName: 'VACUUM INTO (blocking)',
    detail: 'copy and integrity check on worker threads, rename; median of runs',
  });
}
