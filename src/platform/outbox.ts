import type { Statement } from 'better-sqlite3';
import type { Clock } from './clock.js';
import type { SqliteConnection } from './sqlite-connection.js';

export interface OutboxRow {
  readonly id: number;
  readonly stream: string;
  readonly payload: Record<string, unknown>;
  readonly createdAt: number;
}

/**
 * The durable, group-committed append log from which the exporter ships rows. High-rate rows (bus
 * messages) are buffered and committed together by `flush`; rows that belong to a business transaction
 * (a fill) use `appendInTransaction` inside that transaction so both commit or neither does.
 */
export class Outbox {
  private buffer: { stream: string; payload: string; createdAt: number }[] = [];
  private readonly insert: Statement<[string, string, number]>;

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly clock: Clock,
  ) {
    this.insert = sqlite.db.prepare(
      'INSERT INTO outbox (stream, payload, created_at) VALUES (?, ?, ?)',
    );
  }

  /** Buffers a row; it becomes durable at the next `flush`. */
  append(stream: string, payload: Record<string, unknown>): void {
    this.buffer.push({ stream, payload: JSON.stringify(payload), createdAt: this.clock.now() });
  }

  /** Writes a row now; call inside the caller's own SQLite transaction. */
  appendInTransaction(stream: string, payload: Record<string, unknown>): void {
    this.insert.run(stream, JSON.stringify(payload), this.clock.now());
  }

  /** Commits every buffered row in one transaction; returns how many. */
  flush(): number {
    if (this.buffer.length === 0) return 0;
    const rows = this.buffer;
    this.buffer = [];
    this.sqlite.db.transaction(() => {
      for (const row of rows) this.insert.run(row.stream, row.payload, row.createdAt);
    })();
    return rows.length;
  }

  pending(limit: number): OutboxRow[] {
    return this.sqlite.db
      .prepare<[number], { id: number; stream: string; payload: string; created_at: number }>(
        'SELECT id, stream, payload, created_at FROM outbox WHERE shipped_at IS NULL ORDER BY id LIMIT ?',
      )
      .all(limit)
      .map((r) => ({
        id: r.id,
        stream: r.stream,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        createdAt: r.created_at,
      }));
  }

  markShipped(ids: readonly number[]): void {
    const mark = this.sqlite.db.prepare('UPDATE outbox SET shipped_at = ? WHERE id = ?');
    const now = this.clock.now();
    this.sqlite.db.transaction(() => {
      for (const id of ids) mark.run(now, id);
    })();
  }

  backlog(): number {
    return (
      this.sqlite.db
        .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE shipped_at IS NULL')
        .get()?.n ?? 0
    );
  }

  /** Deletes shipped rows older than the retention. */
  prune(retentionMs: number): number {
    return this.sqlite.db
      .prepare('DELETE FROM outbox WHERE shipped_at IS NOT NULL AND shipped_at < ?')
      .run(this.clock.now() - retentionMs).changes;
  }
}
