import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteConnection } from '../platform/sqlite-connection.js';

/** One series' state at a mark: an agent's, or the portfolio's (id `portfolio`). */
export interface EquityMark {
  readonly id: string;
  readonly ts: number;
  readonly equityUsd: number;
  readonly pnlUsd: number;
  readonly allocationPct: number;
  readonly targetPct: number;
}

export interface MarkRange {
  readonly ids: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  /** Most points per series; the newest are kept. */
  readonly limit: number;
}

/** Marks written per transaction at most (a hundred bars of seven series). */
const MARKS_PER_WRITE = 700;

/** Equity and allocation of every agent and of the portfolio at each market mark. */
@Injectable()
export class EquityMarksRepository {
  // Prepared once, on first use (the schema exists by then): marks are written at every bar.
  private insert: Statement<[string, number, number, number, number, number]> | undefined;
  private query:
    | Statement<[number, string, number, number, number], EquityMark & { bucket: number }>
    | undefined;

  constructor(private readonly sqlite: SqliteConnection) {}

  /**
   * Marks wait in memory and are written together: a transaction per bar was a third of a replay's
   * time. Reads flush first, so nobody sees a mark missing; a crash loses only chart points.
   */
  private pending: EquityMark[] = [];

  save(marks: readonly EquityMark[]): void {
    for (const mark of marks) this.pending.push(mark);
    if (this.pending.length >= MARKS_PER_WRITE) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0 || !this.sqlite.db.open) return;
    const marks = this.pending;
    this.pending = [];
    const insert = (this.insert ??= this.sqlite.db.prepare(
      `INSERT INTO equity_marks (id, ts, equity_usd, pnl_usd, allocation_pct, target_pct) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id, ts) DO UPDATE SET equity_usd = excluded.equity_usd, pnl_usd = excluded.pnl_usd,
         allocation_pct = excluded.allocation_pct, target_pct = excluded.target_pct`,
    ));
    this.sqlite.db.transaction(() => {
      for (const m of marks)
        insert.run(m.id, m.ts, m.equityUsd, m.pnlUsd, m.allocationPct, m.targetPct);
    })();
  }

  /** The last mark of each step-sized bucket, per id, oldest first. */
  series(range: MarkRange): Map<string, EquityMark[]> {
    this.flush();
    // SQLite gives the other columns of the row holding MAX(ts): each bucket's last mark.
    const query = (this.query ??= this.sqlite.db.prepare(
      `SELECT id, MAX(ts) AS ts, equity_usd AS equityUsd, pnl_usd AS pnlUsd, allocation_pct AS allocationPct,
         target_pct AS targetPct, ts / CAST(? AS INTEGER) AS bucket
       FROM equity_marks WHERE id = ? AND ts >= ? AND ts <= ?
       GROUP BY bucket ORDER BY bucket DESC LIMIT ?`,
    ));
    const result = new Map<string, EquityMark[]>();
    for (const id of range.ids) {
      const rows = query.all(range.stepMs, id, range.fromMs, range.toMs, range.limit);
      result.set(
        id,
        rows.reverse().map(({ bucket: _bucket, ...mark }) => mark),
      );
    }
    return result;
  }
}
