import type { TableSchema } from './table-schemas.js';

export interface SinkRow {
  /** The outbox id: the sink's de-duplication key, so a retried batch never doubles a row. */
  readonly insertId: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Port: where exported rows land (BigQuery in production, SQLite tables on a laptop). */
export abstract class AnalyticsSink {
  abstract readonly name: string;
  abstract prepare(schemas: readonly TableSchema[]): Promise<void>;
  /** Writes rows of one table; resolves once they are stored. */
  abstract write(schema: TableSchema, rows: readonly SinkRow[]): Promise<void>;
}
