import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ManualClock } from '../src/platform/clock.js';
import { Outbox } from '../src/platform/outbox.js';
import type { MessageRow } from '../src/platform/outbox-streams.js';
import { median, print, round } from './bench-result.js';
import { serviceSqlite } from './service-sqlite.js';

const ROWS = 300_000;
const BASELINE_ROWS = 20_000;
/** Rows a busy bus appends per turn of the event loop. */
const BURST = 1_000;
const RUNS = 3;

export function benchSignal(i: number, ts: number): MessageRow {
  return {
    messageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    correlationId: `thesis-${i % 97}`,
    agentId: `agent-${i % 6}`,
    symbol: 'BTCUSDT',
    side: i % 2 === 0 ? 'buy' : 'sell',
    confidence: (i % 10) / 10,
    horizon: '15m',
    outcome: 'accepted',
    ts,
  };
}

interface GroupCommit {
  readonly rowsPerSecond: number;
  readonly maxStallMs: number;
  readonly p99StallMs: number;
  readonly maxCommitMs: number;
}

/**
 * Appends in bursts a turn of the event loop apart, as a busy bus does, and commits each burst as one
 * group, as the flush tick does; times every commit and watches the event loop.
 */
async function groupCommit(): Promise<GroupCommit> {
  const { sqlite, close } = serviceSqlite();
  const outbox = new Outbox(sqlite, new ManualClock(Date.now()));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const ts = Date.now();
  delay.enable();
  let maxCommitMs = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < ROWS; i += BURST) {
    for (let k = i; k < i + BURST; k++) outbox.append('signals', benchSignal(k, ts));
    const commitStarted = process.hrtime.bigint();
    outbox.flush();
    maxCommitMs = Math.max(maxCommitMs, Number(process.hrtime.bigint() - commitStarted) / 1e6);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  delay.disable();
  if (outbox.backlog() !== ROWS)
    throw new Error(`expected ${ROWS} rows, found ${outbox.backlog()}`);
  await close();
  return {
    rowsPerSecond: ROWS / seconds,
    maxStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
    maxCommitMs,
  };
}

/** The naive way: one transaction per row. */
async function commitPerRow(): Promise<number> {
  const { sqlite, close } = serviceSqlite();
  const outbox = new Outbox(sqlite, new ManualClock(Date.now()));
  const ts = Date.now();
  const started = process.hrtime.bigint();
  for (let i = 0; i < BASELINE_ROWS; i++) {
    sqlite.db.transaction(() => outbox.appendInTransaction('signals', benchSignal(i, ts)))();
  }
  const rowsPerSecond = BASELINE_ROWS / (Number(process.hrtime.bigint() - started) / 1e9);
  await close();
  return rowsPerSecond;
}

export async function runOutboxBench(): Promise<void> {
  const grouped: GroupCommit[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    grouped.push(await groupCommit());
    baseline.push(await commitPerRow());
  }
  const value = median(grouped.map((g) => g.rowsPerSecond));
  const base = median(baseline);
  print({
    name: 'outbox_group_commit_rows_per_second',
    value: round(value),
    unit: 'rows/s',
    baseline: round(base),
    ratio: round(value / base),
    baselineName: 'one transaction per row',
    rows: ROWS,
    goal: 300_000,
  });
  print({
    name: 'outbox_commit_event_loop_max_stall_ms',
    value: round(Math.max(...grouped.map((g) => g.maxStallMs))),
    unit: 'ms',
    p99: round(median(grouped.map((g) => g.p99StallMs))),
    detail: `monitorEventLoopDelay max while appending ${BURST}-row bursts and committing each as a group`,
    goal: 20,
  });
  print({
    name: 'outbox_commit_max_ms',
    value: round(Math.max(...grouped.map((g) => g.maxCommitMs))),
    unit: 'ms',
    detail: `longest single group commit of ${BURST} rows`,
    goal: 20,
  });
}
