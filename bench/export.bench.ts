import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { AnalyticsSink } from '../src/export/analytics.sink.js';
import { BigQuerySink } from '../src/export/bigquery.sink.js';
import { DeadLetterRepository } from '../src/export/dead-letter.repository.js';
import { ExportBackoff } from '../src/export/export-backoff.js';
import { LocalSink } from '../src/export/local.sink.js';
import { OutboxShipper } from '../src/export/outbox-shipper.service.js';
import { TABLE_SCHEMAS } from '../src/export/table-schemas.js';
import { ManualClock, SystemMonotonic, SystemWallClock } from '../src/platform/clock.js';
import { SystemTimers } from '../src/platform/timers.js';
import { Outbox } from '../src/platform/outbox.js';
import { median, print, round } from './bench-result.js';
import type { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { serviceSqlite } from './service-sqlite.js';
import { benchSignal } from './outbox.bench.js';

const ROWS = 40_000;
const RUNS = 3;

interface Drain {
  readonly rowsPerSecond: number;
  readonly maxStallMs: number;
  readonly p99StallMs: number;
}

/** Fills an outbox with ROWS signals, then times the shipper draining it into the sink. */
async function drain(makeSink: (sqlite: SqliteConnection) => AnalyticsSink): Promise<Drain> {
  const { sqlite, close } = serviceSqlite();
  const clock = new ManualClock(Date.now());
  const outbox = new Outbox(sqlite, clock);
  const sink = makeSink(sqlite);
  await sink.prepare(TABLE_SCHEMAS);
  const ts = Date.now();
  for (let i = 0; i < ROWS; i++) outbox.append('signals', benchSignal(i, ts));
  outbox.flush();
  const shipper = new OutboxShipper(
    outbox,
    sink,
    new SystemWallClock(),
    new SystemTimers(),
    new DeadLetterRepository(sqlite, outbox, new SystemWallClock()),
    new ExportBackoff(new SystemMonotonic()),
  );
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = process.hrtime.bigint();
  await shipper.shipOnce();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  delay.disable();
  if (outbox.backlog() !== 0) throw new Error(`${outbox.backlog()} rows left unshipped`);
  await close();
  return {
    rowsPerSecond: ROWS / seconds,
    maxStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
  };
}

/** Starts the BigQuery REST test server on a worker thread; resolves with its URL and a stop. */
async function startServer(): Promise<{ url: string; stop: () => Promise<number> }> {
  const worker = new Worker(new URL('./export-server.worker.js', import.meta.url));
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url,
    stop: () => {
      worker.postMessage('stop');
      return new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

export async function runExportBench(): Promise<void> {
  const server = await startServer();
  const remote: Drain[] = [];
  const local: Drain[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      remote.push(
        await drain(
          () =>
            new BigQuerySink({
              projectId: 'cloud-trader-bench',
              dataset: 'cloud_trader',
              apiEndpoint: server.url,
              partitionExpirationDays: 180,
            }),
        ),
      );
      local.push(await drain((sqlite) => new LocalSink(sqlite)));
    }
  } finally {
    await server.stop();
  }
  const value = median(remote.map((d) => d.rowsPerSecond));
  const base = median(local.map((d) => d.rowsPerSecond));
  print({
    name: 'export_drain_rows_per_second',
    value: round(value),
    unit: 'rows/s',
    baseline: round(base),
    ratio: round(value / base),
    baselineName: 'drain into the local SQLite sink',
    sink: 'BigQuery REST test server on 127.0.0.1, own thread (real client, insertAll of 500 rows)',
    rows: ROWS,
    goal: 20_000,
  });
  print({
    name: 'export_drain_event_loop_max_stall_ms',
    value: round(Math.max(...remote.map((d) => d.maxStallMs))),
    unit: 'ms',
    perRun: remote.map((d) => round(d.maxStallMs)),
    p99: round(median(remote.map((d) => d.p99StallMs))),
    goal: 20,
  });
}
