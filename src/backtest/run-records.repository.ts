import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface FillRecord {
  readonly agentId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
  /** Market time of the fill. */
  readonly ts: number;
}

/** One series of equity marks (an agent's or the portfolio's), one entry per bar, oldest first. */
export interface MarkSeries {
  /** The bar's open time, as the marks are stamped. */
  readonly ts: Float64Array;
  readonly equityUsd: Float64Array;
  readonly pnlUsd: Float64Array;
  readonly allocationPct: Float64Array;
  readonly targetPct: Float64Array;
}

export interface BreakerEventRecord {
  readonly breakerId: string;
  readonly action: string;
  readonly state: string;
  readonly reason: string | null;
  readonly ts: number;
}

export interface TransferRecord {
  readonly agentId: string;
  readonly amountUsd: number;
  readonly reason: string;
  readonly ts: number;
}

/** What a finished run stored, read back from its database (read-only, after the service closed). */
export class RunRecordsRepository {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(join(dataDir, 'cloud-trader.sqlite'), {
      readonly: true,
      fileMustExist: true,
    });
  }

  close(): void {
    this.db.close();
  }

  fills(): FillRecord[] {
    return this.db
      .prepare(
        `SELECT agent_id AS agentId, symbol, side, quantity, price, fee_usd AS feeUsd, ts
         FROM fills ORDER BY ts, id`,
      )
      .all() as FillRecord[];
  }

  orderCounts(): Map<string, number> {
    const rows = this.db
      .prepare('SELECT agent_id AS agentId, COUNT(*) AS n FROM orders GROUP BY agent_id')
      .all() as { agentId: string; n: number }[];
    return new Map(rows.map((r) => [r.agentId, r.n]));
  }

  /** Every series' marks, as columns (a year of 1-minute bars is half a million marks per series). */
  marks(): Map<string, MarkSeries> {
    const counts = this.db
      .prepare('SELECT id, COUNT(*) AS n FROM equity_marks GROUP BY id')
      .all() as { id: string; n: number }[];
    const series = new Map<string, MarkSeries>();
    const filled = new Map<string, number>();
    for (const { id, n } of counts) {
      series.set(id, {
        ts: new Float64Array(n),
        equityUsd: new Float64Array(n),
        pnlUsd: new Float64Array(n),
        allocationPct: new Float64Array(n),
        targetPct: new Float64Array(n),
      });
      filled.set(id, 0);
    }
    const rows = this.db
      .prepare(
        'SELECT id, ts, equity_usd, pnl_usd, allocation_pct, target_pct FROM equity_marks ORDER BY id, ts',
      )
      .raw()
      .iterate() as IterableIterator<[string, number, number, number, number, number]>;
    for (const [id, ts, equity, pnl, allocation, target] of rows) {
      const s = series.get(id);
      const i = filled.get(id) ?? 0;
      if (!s || i >= s.ts.length) continue;
      s.ts[i] = ts;
      s.equityUsd[i] = equity;
      s.pnlUsd[i] = pnl;
      s.allocationPct[i] = allocation;
      s.targetPct[i] = target;
      filled.set(id, i + 1);
    }
    return series;
  }

  breakerEvents(): BreakerEventRecord[] {
    return this.db
      .prepare(
        `SELECT breaker_id AS breakerId, action, state, reason, ts FROM breaker_events ORDER BY ts, id`,
      )
      .all() as BreakerEventRecord[];
  }

  transfers(): TransferRecord[] {
    return this.db
      .prepare(
        'SELECT agent_id AS agentId, amount_usd AS amountUsd, reason, ts FROM capital_transfers ORDER BY ts, id',
      )
      .all() as TransferRecord[];
  }
}
