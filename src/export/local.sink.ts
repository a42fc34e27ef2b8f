import type { SqliteConnection } from '../platform/sqlite-connection.js';
import { ALL_STORED, AnalyticsSink, type SinkRow, type WriteOutcome } from './analytics.sink.js';
import type { EncodedValue } from './row-encoder.js';
import { INSERT_ID_COLUMN, type ColumnType, type TableSchema } from './table-schemas.js';

const SQLITE_TYPE: Record<ColumnType, string> = {
  STRING: 'TEXT',
  FLOAT64: 'REAL',
  INT64: 'INTEGER',
  TIMESTAMP: 'TEXT',
  BOOL: 'INTEGER',
};

/** Timestamps arrive as ISO-8601 UTC text, which sorts and compares like time. */
function toSqlite(value: EncodedValue): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function localTableName(table: string): string {
  return `analytics_${table}`;
}

/**
 * Writes the analytics tables into the service's own SQLite file (`analytics_<table>`), keyed by the
 * outbox id so that shipping a batch twice stores it once. Same tables and columns as BigQuery, so the
 * analyst queries in `sql/` run here too.
 */
export class LocalSink extends AnalyticsSink {
  readonly name = 'local';

  constructor(private readonly sqlite: SqliteConnection) {
    super();
  }

  prepare(schemas: readonly TableSchema[]): Promise<void> {
    for (const schema of schemas) {
      const table = localTableName(schema.table);
      const columns = schema.columns.map((c) => `${c.name} ${SQLITE_TYPE[c.type]}`).join(', ');
      this.sqlite.db.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (${INSERT_ID_COLUMN} TEXT PRIMARY KEY, ${columns})`,
      );
      const present = new Set(
        this.sqlite.db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
          .all()
          .map((c) => c.name),
      );
      for (const column of schema.columns.filter((c) => !present.has(c.name))) {
        this.sqlite.db.exec(
          `ALTER TABLE ${table} ADD COLUMN ${column.name} ${SQLITE_TYPE[column.type]}`,
        );
      }
    }
    return Promise.resolve();
  }

  write(schema: TableSchema, rows: readonly SinkRow[]): Promise<WriteOutcome> {
    const names = [INSERT_ID_COLUMN, ...schema.columns.map((c) => c.name)];
    const insert = this.sqlite.db.prepare(
      `INSERT OR IGNORE INTO ${localTableName(schema.table)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    );
    this.sqlite.db.transaction(() => {
      for (const { insertId, row } of rows) {
        insert.run(insertId, ...schema.columns.map((c) => toSqlite(row[c.name] ?? null)));
      }
    })();
    return Promise.resolve(ALL_STORED);
  }
}
