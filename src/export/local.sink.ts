import type { SqliteConnection } from '../platform/sqlite-connection.js';
import { AnalyticsSink, type SinkRow } from './analytics.sink.js';
import type { ColumnType, TableSchema } from './table-schemas.js';

const SQLITE_TYPE: Record<ColumnType, string> = {
  STRING: 'TEXT',
  FLOAT64: 'REAL',
  INT64: 'INTEGER',
  TIMESTAMP: 'TEXT',
  BOOL: 'INTEGER',
};

/** Column values as SQLite stores them: timestamps as ISO-8601 UTC, lists as JSON. */
function toSqlite(type: ColumnType, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (type === 'TIMESTAMP') return new Date(value as number).toISOString();
  if (type === 'BOOL') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number;
}

/**
 * Writes the analytics tables into the service's own SQLite file (`analytics_<table>`), keyed by the
 * outbox id so that shipping a batch twice stores it once.
 */
export class LocalSink extends AnalyticsSink {
  readonly name = 'local';

  constructor(private readonly sqlite: SqliteConnection) {
    super();
  }

  prepare(schemas: readonly TableSchema[]): Promise<void> {
    for (const schema of schemas) {
      const columns = schema.columns.map((c) => `${c.name} ${SQLITE_TYPE[c.type]}`).join(', ');
      this.sqlite.db.exec(
        `CREATE TABLE IF NOT EXISTS analytics_${schema.table} (insert_id TEXT PRIMARY KEY, ${columns})`,
      );
    }
    return Promise.resolve();
  }

  write(schema: TableSchema, rows: readonly SinkRow[]): Promise<void> {
    const names = ['insert_id', ...schema.columns.map((c) => c.name)];
    const insert = this.sqlite.db.prepare(
      `INSERT OR IGNORE INTO analytics_${schema.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    );
    this.sqlite.db.transaction(() => {
      for (const row of rows) {
        insert.run(
          row.insertId,
          ...schema.columns.map((c) => toSqlite(c.type, row.values[c.from])),
        );
      }
    })();
    return Promise.resolve();
  }
}
