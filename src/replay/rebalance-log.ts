import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DATABASE_FILE } from '../platform/database.js';

/** One exported `allocations` row: an agent's target before and after a rebalance, and why. */
export interface ExportedAllocation {
  readonly ts: string;
  readonly agentId: string;
  readonly fromPct: number | null;
  readonly targetPct: number | null;
  readonly reason: string | null;
}

/** The `allocations` rows a finished replay exported to its local analytics tables, oldest first. */
export function exportedAllocations(dataDir: string): ExportedAllocation[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db
      .prepare<[], ExportedAllocation>(
        `SELECT ts, agent_id AS agentId, from_pct AS fromPct, target_pct AS targetPct, reason
           FROM analytics_allocations ORDER BY ts, insert_id`,
      )
      .all();
  } finally {
    db.close();
  }
}

/** Distinct rebalances among the rows (the opening split is not one). */
export function countRebalances(rows: readonly ExportedAllocation[]): number {
  return new Set(rows.filter((r) => r.reason !== 'opening').map((r) => `${r.ts}\n${r.reason}`))
    .size;
}
