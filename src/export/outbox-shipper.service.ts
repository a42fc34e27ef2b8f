import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ComponentLifecycle } from '../platform/component-lifecycle.js';
import { WallClock } from '../platform/clock.js';
import { EventLoopTurns } from '../platform/event-loop-turns.js';
import { Outbox, type OutboxRow } from '../platform/outbox.js';
import { type CancelTimer, Timers } from '../platform/timers.js';
import { AnalyticsSink, type SinkRow } from './analytics.sink.js';
import { DeadLetterRepository, type DeadLetter } from './dead-letter.repository.js';
import { ExportBackoff } from './export-backoff.js';
import { ExportError } from './export.error.js';
import { ExportTotals } from './export-totals.js';
import { encodeRow } from './row-encoder.js';
import { schemaOf, TABLE_SCHEMAS, type TableSchema } from './table-schemas.js';

/** BigQuery's recommended insertAll size; the local sink uses the same batches. */
export const EXPORT_BATCH_ROWS = 500;
/** Rows read from the outbox per round, split by table into batches sent side by side. */
export const EXPORT_ROUND_ROWS = 1_000;
export const EXPORT_CONCURRENT_BATCHES = 2;
export const EXPORT_INTERVAL_MS = 1_000;
/** A shutdown waits this long for a batch in flight; an unanswered batch is sent again next start. */
const STOP_GRACE_MS = 2_000;

interface Batch {
  readonly schema: TableSchema;
  readonly rows: readonly OutboxRow[];
}

interface EncodedBatch extends Batch {
  readonly sinkRows: readonly SinkRow[];
}

interface BatchResult {
  readonly table: string;
  readonly shipped: OutboxRow[];
  readonly deadLetters: DeadLetter[];
  readonly retried: number;
  readonly failure?: ExportError;
}

type RoundResult = 'idle' | 'more' | 'waiting';

/**
 * Ships the outbox to the analytics sink, oldest first. A row is marked shipped only once the sink
 * stored it; rows the sink refuses for good are dead-lettered with its reason; everything else waits
 * out an exponential back-off and is sent again with the same insertId, so an outage delays rows but
 * never loses or doubles them. Decides nothing about content.
 */
@Injectable()
export class OutboxShipper implements OnModuleInit, OnModuleDestroy {
  readonly totals = new ExportTotals();
  /** Each step that blocks the loop (a read, a batch to encode, a batch to record) gets a turn alone. */
  private readonly turns = new EventLoopTurns();
  private readonly cancels: CancelTimer[] = [];
  private shipping: Promise<void> | undefined;
  private prepared = false;
  private readonly lifecycle = new ComponentLifecycle('outbox shipper');
  private readonly logger = new Logger(OutboxShipper.name);

  constructor(
    private readonly outbox: Outbox,
    private readonly sink: AnalyticsSink,
    /** `lastSuccessMs` is for operators: wall time. */
    private readonly clock: WallClock,
    private readonly timers: Timers,
    private readonly deadLetters: DeadLetterRepository,
    private readonly backoff: ExportBackoff,
  ) {}

  onModuleInit(): void {
    // Shipping is infrastructure: it runs on real time whatever the market does.
    void this.lifecycle.start(() => {
      this.cancels.push(this.timers.every(EXPORT_INTERVAL_MS, () => void this.shipOnce()));
    });
    void this.shipOnce();
  }

  async onModuleDestroy(): Promise<void> {
    this.lifecycle.stop(() => {
      for (const cancel of this.cancels.splice(0)) cancel();
    });
    let cancelGrace: CancelTimer | undefined;
    await Promise.race([
      this.shipping,
      new Promise(
        (resolve) => (cancelGrace = this.timers.after(STOP_GRACE_MS, () => resolve(undefined))),
      ),
    ]);
    cancelGrace?.();
  }

  /** Ships until the outbox is empty or the sink fails; concurrent calls share the run in progress. */
  shipOnce(): Promise<void> {
    this.shipping ??= this.drain().finally(() => (this.shipping = undefined));
    return this.shipping;
  }

  /** Ships everything committed so far, then resolves (the replay's last step). */
  async drainAll(): Promise<void> {
    this.outbox.flush();
    while (this.outbox.backlog() > 0 && !this.lifecycle.isStopping) {
      await this.shipOnce();
      if (!this.backoff.ready()) await this.timers.sleep(this.backoff.remainingMs());
    }
  }

  private async drain(): Promise<void> {
    try {
      while ((await this.round()) === 'more') {
        // Every round and batch step waits for a turn of its own: the service runs in between.
      }
    } catch (error) {
      this.logger.error(`export round failed: ${describe(error)}`);
    }
  }

  private async round(): Promise<RoundResult> {
    if (this.lifecycle.isStopping || !this.backoff.ready()) return 'waiting';
    if (!(await this.prepare())) return 'waiting';
    await this.turns.next();
    const rows = this.outbox.pending(EXPORT_ROUND_ROWS);
    if (rows.length === 0) return 'idle';
    const { batches, refused } = this.plan(rows);
    const unknown = { table: '', shipped: [], deadLetters: refused, retried: 0 };
    this.record(unknown);
    const results = await runConcurrently(batches, EXPORT_CONCURRENT_BATCHES, (b) => this.ship(b));
    if (this.lifecycle.isStopping) return 'waiting';
    return this.settle([unknown, ...results]);
  }

  /** Encodes, sends and records one batch, in turns of its own so a drain never stalls the loop. */
  private async ship(batch: Batch): Promise<BatchResult> {
    await this.turns.next();
    const sinkRows: SinkRow[] = [];
    const valid: OutboxRow[] = [];
    const refused: DeadLetter[] = [];
    for (const row of batch.rows) {
      const payload = parsePayload(row.payloadJson);
      const encoded = payload
        ? encodeRow(batch.schema, payload)
        : { ok: false as const, message: 'payload is not a JSON object' };
      if (encoded.ok) {
        valid.push(row);
        sinkRows.push({ insertId: String(row.id), row: encoded.row });
      } else {
        refused.push({ row, reason: 'invalid', message: encoded.message });
      }
    }
    const sent: BatchResult =
      valid.length > 0
        ? await this.send({ schema: batch.schema, rows: valid, sinkRows })
        : { table: batch.schema.table, shipped: [], deadLetters: [], retried: 0 };
    const result = { ...sent, deadLetters: [...refused, ...sent.deadLetters] };
    await this.turns.next();
    if (!this.lifecycle.isStopping) this.record(result);
    return result;
  }

  private async prepare(): Promise<boolean> {
    if (this.prepared) return true;
    try {
      await this.sink.prepare(TABLE_SCHEMAS);
      this.prepared = true;
      return true;
    } catch (error) {
      this.totals.failures += 1;
      const wait = this.backoff.failed();
      this.logger.warn(
        `preparing ${this.sink.name} tables failed, retry in ${wait} ms: ${describe(error)}`,
      );
      return false;
    }
  }

  /** Groups rows by table into batches; a row of a stream no table holds is refused here. */
  private plan(rows: readonly OutboxRow[]): { batches: Batch[]; refused: DeadLetter[] } {
    const refused: DeadLetter[] = [];
    const byTable = new Map<TableSchema, OutboxRow[]>();
    for (const row of rows) {
      const schema = schemaOf(row.stream);
      if (!schema) {
        refused.push({
          row,
          reason: 'unknown-stream',
          message: `no table for stream ${row.stream}`,
        });
        continue;
      }
      const group = byTable.get(schema);
      if (group) group.push(row);
      else byTable.set(schema, [row]);
    }
    const batches: Batch[] = [];
    for (const [schema, group] of byTable) {
      for (let i = 0; i < group.length; i += EXPORT_BATCH_ROWS) {
        batches.push({ schema, rows: group.slice(i, i + EXPORT_BATCH_ROWS) });
      }
    }
    return { batches, refused };
  }

  private async send(batch: EncodedBatch): Promise<BatchResult> {
    try {
      const outcome = await this.sink.write(batch.schema, batch.sinkRows);
      const rejected = new Map(outcome.rejected.map((r) => [r.insertId, r]));
      const retry = new Set(outcome.retry);
      const result: BatchResult = {
        table: batch.schema.table,
        shipped: [],
        deadLetters: [],
        retried: retry.size,
      };
      for (const row of batch.rows) {
        const rejection = rejected.get(String(row.id));
        if (rejection) result.deadLetters.push({ row, ...rejection });
        else if (!retry.has(String(row.id))) result.shipped.push(row);
      }
      return result;
    } catch (error) {
      const failure =
        error instanceof ExportError ? error : new ExportError('sink-unavailable', describe(error));
      if (failure.code === 'batch-rejected') return this.isolate(batch, failure);
      if (failure.code === 'table-missing') this.prepared = false;
      return {
        table: batch.schema.table,
        shipped: [],
        deadLetters: [],
        retried: batch.rows.length,
        failure,
      };
    }
  }

  /** The sink refused the request as a whole: halve it until the rows that cause it stand alone. */
  private async isolate(batch: EncodedBatch, failure: ExportError): Promise<BatchResult> {
    if (batch.rows.length === 1) {
      return {
        table: batch.schema.table,
        shipped: [],
        deadLetters: [{ row: batch.rows[0], reason: failure.reason, message: failure.message }],
        retried: 0,
      };
    }
    const mid = Math.ceil(batch.rows.length / 2);
    const halves = [
      {
        schema: batch.schema,
        rows: batch.rows.slice(0, mid),
        sinkRows: batch.sinkRows.slice(0, mid),
      },
      { schema: batch.schema, rows: batch.rows.slice(mid), sinkRows: batch.sinkRows.slice(mid) },
    ];
    const results = [await this.send(halves[0]), await this.send(halves[1])];
    return {
      table: batch.schema.table,
      shipped: results.flatMap((r) => r.shipped),
      deadLetters: results.flatMap((r) => r.deadLetters),
      retried: results.reduce((n, r) => n + r.retried, 0),
      failure: results.find((r) => r.failure)?.failure,
    };
  }

  /** Records what the sink did with each row of a batch: in SQLite first, then in the totals. */
  private record(result: BatchResult): void {
    this.outbox.markShipped(result.shipped.map((r) => r.id));
    this.deadLetters.deadLetter(result.deadLetters);
    for (const row of result.shipped) this.totals.count(row.stream, 'sent', 1);
    for (const letter of result.deadLetters)
      this.totals.count(letter.row.stream, 'dead_lettered', 1);
    this.totals.count(result.table, 'retried', result.retried);
    if (result.shipped.length > 0) this.totals.lastSuccessMs = this.clock.now();
  }

  /** After a round: back off if anything has to go again, else carry on draining. */
  private settle(results: readonly BatchResult[]): RoundResult {
    const deadLetters = results.flatMap((r) => r.deadLetters);
    if (deadLetters.length > 0) {
      const reasons = [...new Set(deadLetters.map((d) => d.reason))].join(', ');
      this.logger.warn(
        `dead-lettered ${deadLetters.length} rows (${reasons}); see export_dead_letters`,
      );
    }
    const retried = results.reduce((n, r) => n + r.retried, 0);
    const failure = results.find((r) => r.failure)?.failure;
    if (failure) this.totals.failures += 1;
    if (failure || retried > 0) {
      const wait = this.backoff.failed();
      this.logger.warn(
        `export to ${this.sink.name}: ${retried} rows to retry in ${wait} ms${failure ? `: ${failure.message}` : ''}`,
      );
      return 'waiting';
    }
    this.backoff.succeeded();
    this.totals.lastSuccessMs = this.clock.now();
    return 'more';
  }
}

/** The row's payload, or undefined when it is not a JSON object (only a hand-edited file has one). */
function parsePayload(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `task` over `items` with at most `limit` in flight; results in item order. */
async function runConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
