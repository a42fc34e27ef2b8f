import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import type { Crossing } from './crossing-detector.js';
import type { PerformanceMark } from './monthly-report.js';

const HOUR_MS = 3_600_000;

/** What the reports read: hourly performance marks, fees and turnover from the fills, crossings. */
@Injectable()
export class PortfolioReportRepository {
  constructor(private readonly sqlite: SqliteConnection) {}

  private get db() {
    return this.sqlite.db;
  }

  /** One mark per curve and hour (the latest wins), for the monthly report. */
  saveMarks(marks: readonly (PerformanceMark & { readonly id: string })[]): void {
    const save = this.sqlite.prepare(
      `INSERT INTO performance_marks (bucket, id, ts, pnl_usd, capital_usd) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (bucket, id) DO UPDATE SET ts = excluded.ts, pnl_usd = excluded.pnl_usd, capital_usd = excluded.capital_usd`,
    );
    this.db.transaction(() => {
      for (const m of marks)
        save.run(Math.floor(m.ts / HOUR_MS), m.id, m.ts, m.pnlUsd, m.capitalUsd);
    })();
  }

  /** Marks inside [start, end), plus the last one before, so the first hour has a return too. */
  marks(start: number, end: number): Map<string, PerformanceMark[]> {
    const rows = this.sqlite
      .prepare<
        [number, number, number],
        { id: string; ts: number; pnl_usd: number; capital_usd: number }
      >(
        `SELECT id, ts, pnl_usd, capital_usd FROM performance_marks
         WHERE ts >= COALESCE((SELECT MAX(ts) FROM performance_marks WHERE ts < ?), ?) AND ts < ?
         ORDER BY ts`,
      )
      .all(start, start, end);
    const out = new Map<string, PerformanceMark[]>();
    for (const r of rows) {
      const list = out.get(r.id) ?? [];
      list.push({ ts: r.ts, pnlUsd: r.pnl_usd, capitalUsd: r.capital_usd });
      out.set(r.id, list);
    }
    return out;
  }

  /** Fees and notional traded per agent between two times. */
  activity(start: number, end: number): Map<string, { feesUsd: number; tradedUsd: number }> {
    const rows = this.sqlite
      .prepare<[number, number], { agent_id: string; fees: number; traded: number }>(
        `SELECT agent_id, SUM(fee_usd) AS fees, SUM(quantity * price) AS traded FROM fills
         WHERE ts >= ? AND ts < ? GROUP BY agent_id`,
      )
      .all(start, end);
    return new Map(rows.map((r) => [r.agent_id, { feesUsd: r.fees, tradedUsd: r.traded }]));
  }

  crossings(limit: number): Crossing[] {
    return this.sqlite
      .prepare<
        [number],
        {
          symbol: string;
          buyer: string;
          seller: string;
          quantity: number;
          spread_usd: number;
          ts: number;
        }
      >(
        'SELECT symbol, buyer, seller, quantity, spread_usd, ts FROM agent_crossings ORDER BY id DESC LIMIT ?',
      )
      .all(limit)
      .map((r) => ({
        symbol: r.symbol,
        buyer: r.buyer,
        seller: r.seller,
        quantity: r.quantity,
        spreadUsd: r.spread_usd,
        ts: r.ts,
      }));
  }
}
