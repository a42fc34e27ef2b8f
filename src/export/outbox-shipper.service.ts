import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Clock } from '../platform/clock.js';
import { Outbox, type OutboxRow } from '../platform/outbox.js';
import { AnalyticsSink, type SinkRow } from './analytics.sink.js';
import { schemaOf, TABLE_SCHEMAS } from './table-schemas.js';

/** BigQuery's insertAll limit per request; the local sink uses the same batches. */
export const EXPORT_BATCH_ROWS = 500;
export const EXPORT_INTERVAL_MS = 1_000;
export const OUTBOX_PRUNE_CRON = '0 */10 * * * *';
/** Shipped rows stay in the outbox this long, for inspection after an incident. */
export const OUTBOX_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface ExportTotals {
  readonly rows: Map<string, number>;
  failures: number;
  lastSuccessMs: number;
}

/**
 * Ships the outbox to the analytics sink, oldest first, in batches; a row is marked shipped only after
 * the sink stored it, so an outage delays rows but never loses them. Decides nothing about content.
 */
@Injectable()
export class OutboxShipper implements OnModuleInit, OnModuleDestroy {
  readonly totals: ExportTotals = { rows: new Map(), failures: 0, lastSuccessMs: 0 };
  private timer: NodeJS.Timeout | undefined;
  private shipping: Promise<void> | undefined;
  private readonly logger = new Logger(OutboxShipper.name);

  constructor(
    private readonly outbox: Outbox,
    private readonly sink: AnalyticsSink,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sink.prepare(TABLE_SCHEMAS);
    this.timer = setInterval(() => void this.shipOnce(), EXPORT_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.shipping;
  }

  /** Ships one batch; concurrent calls share the run in progress. */
  shipOnce(): Promise<void> {
    this.shipping ??= this.ship().finally(() => (this.shipping = undefined));
    return this.shipping;
  }

  @Cron(OUTBOX_PRUNE_CRON)
  prune(): void {
    const removed = this.outbox.prune(OUTBOX_RETENTION_MS);
    if (removed > 0) this.logger.log(`pruned ${removed} shipped outbox rows`);
  }

  private async ship(): Promise<void> {
    const rows = this.outbox.pending(EXPORT_BATCH_ROWS);
    if (rows.length === 0) return;
    const byTable = new Map<string, OutboxRow[]>();
    for (const row of rows) byTable.set(row.stream, [...(byTable.get(row.stream) ?? []), row]);
    try {
      for (const [table, tableRows] of byTable) {
        const schema = schemaOf(table);
        if (schema) await this.sink.write(schema, tableRows.map(toSinkRow));
        this.outbox.markShipped(tableRows.map((r) => r.id));
        this.totals.rows.set(table, (this.totals.rows.get(table) ?? 0) + tableRows.length);
      }
      this.totals.lastSuccessMs = this.clock.now();
    } catch (error) {
      this.totals.failures += 1;
      this.logger.warn(
        `export to ${this.sink.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function toSinkRow(row: OutboxRow): SinkRow {
  return { insertId: String(row.id), values: row.payload };
}
