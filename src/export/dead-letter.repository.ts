import type { Statement } from 'better-sqlite3';
import type { WallClock } from '../platform/clock.js';
import type { Outbox, OutboxRow } from '../platform/outbox.js';
import type { SqliteConnection } from '../platform/sqlite-connection.js';

export interface DeadLetter {
  readonly row: OutboxRow;
  readonly reason: string;
  readonly message: string;
}

export interface DeadLetterRecord {
  readonly outboxId: number;
  readonly stream: string;
  readonly payload: string;
  readonly reason: string;
  readonly message: string;
  readonly deadLetteredAt: number;
}

/**
 * Rows the analytics sink refused for good (`export_dead_letters`), kept with the sink's reason so an
 * operator can fix and replay them. Moving a row here takes it out of the outbox in the same
 * transaction: it is neither lost nor retried forever.
 */
export class DeadLetterRepository {
  private readonly insert: Statement<[number, string, string, string, string, number, number]>;

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly outbox: Outbox,
    private readonly clock: WallClock,
  ) {
    this.insert = sqlite.db.prepare(
      `INSERT OR REPLACE INTO export_dead_letters
         (outbox_id, stream, payload, reason, message, created_at, dead_lettered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  deadLetter(letters: readonly DeadLetter[]): void {
    if (letters.length === 0) return;
    const now = this.clock.now();
    this.sqlite.db.transaction(() => {
      for (const { row, reason, message } of letters) {
        this.insert.run(row.id, row.stream, row.payloadJson, reason, message, row.createdAt, now);
      }
      this.outbox.discard(letters.map((l) => l.row.id));
    })();
  }

  recent(limit: number): DeadLetterRecord[] {
    return this.sqlite.db
      .prepare<[number], DeadLetterRecord>(
        `SELECT outbox_id AS outboxId, stream, payload, reason, message, dead_lettered_at AS deadLetteredAt
           FROM export_dead_letters ORDER BY dead_lettered_at DESC, outbox_id DESC LIMIT ?`,
      )
      .all(limit);
  }
}
