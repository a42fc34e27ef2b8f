import type { EncodedRow } from './row-encoder.js';
import type { TableSchema } from './table-schemas.js';

export interface SinkRow {
  /** The outbox id: the sink's de-duplication key, so a retried batch never doubles a row. */
  readonly insertId: string;
  readonly row: EncodedRow;
}

/** A row the sink refused for good (bad value, unknown field): retrying it would fail forever. */
export interface RowRejection {
  readonly insertId: string;
  readonly reason: string;
  readonly message: string;
}

/** What became of a batch that reached the sink: every row not named here is stored. */
export interface WriteOutcome {
  readonly rejected: readonly RowRejection[];
  /** Rows that failed for a passing reason (backend error, stopped with a bad neighbour). */
  readonly retry: readonly string[];
}

export const ALL_STORED: WriteOutcome = Object.freeze({ rejected: [], retry: [] });

/**
 * Port: where exported rows land (BigQuery in production, SQLite tables on a laptop). `write` throws an
 * `ExportError` when the whole batch failed: `sink-unavailable` (try again later), `batch-rejected` (the
 * request itself was refused), `table-missing` (prepare again).
 */
export abstract class AnalyticsSink {
  abstract readonly name: string;
  /** Creates missing tables and adds columns a lagging table lacks; safe to repeat. */
  abstract prepare(schemas: readonly TableSchema[]): Promise<void>;
  /** Writes rows of one table (at most 500); resolves once the sink answered for each row. */
  abstract write(schema: TableSchema, rows: readonly SinkRow[]): Promise<WriteOutcome>;
}
