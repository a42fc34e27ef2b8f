import type { SqliteConnection } from '../platform/sqlite-connection.js';
import { localTableName } from './local.sink.js';
import { TABLE_SCHEMAS } from './table-schemas.js';

/**
 * Deletes local analytics rows (`analytics_*`) older than a cutoff. Rows arrive in time order, so the
 * first row at or after the cutoff splits a table: everything before it goes, and finding it reads
 * only the rows that go. Tables the local sink never created are skipped.
 */
export class LocalAnalyticsRetention {
  constructor(private readonly sqlite: SqliteConnection) {}

  /** Deletes rows whose time column is before `cutoffMs`; returns how many. */
  trim(cutoffMs: number): number {
    const db = this.sqlite;
    const cutoff = new Date(cutoffMs).toISOString();
    const present = new Set(
      db.db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'analytics\\_%' ESCAPE '\\'",
        )
        .all()
        .map((t) => t.name),
    );
    let removed = 0;
    for (const schema of TABLE_SCHEMAS) {
      const table = localTableName(schema.table);
      if (!present.has(table)) continue;
      const time = schema.partitionColumn;
      const firstKept = db
        .prepare<[string], { id: number }>(
          `SELECT rowid AS id FROM ${table} WHERE ${time} >= ? ORDER BY rowid LIMIT 1`,
        )
        .get(cutoff);
      removed += (
        firstKept
          ? db
              .prepare(`DELETE FROM ${table} WHERE rowid < ? AND ${time} < ?`)
              .run(firstKept.id, cutoff)
          : db.prepare(`DELETE FROM ${table} WHERE ${time} < ?`).run(cutoff)
      ).changes;
    }
    return removed;
  }
}
