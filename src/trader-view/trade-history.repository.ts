import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteConnection } from '../platform/sqlite-connection.js';

/** Filters of a newest-first page of orders or fills; times are market-time epoch ms. */
export interface TradeFilter {
  readonly agent?: string;
  readonly symbol?: string;
  readonly side?: string;
  readonly status?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Rows strictly below this row id (the cursor). */
  readonly beforeRowId?: number;
  readonly limit: number;
}

export interface OrderRow {
  readonly rowId: number;
  readonly clientOrderId: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly status: string;
  readonly signalId: string | null;
  readonly createdAt: number;
}

export interface FillRow {
  readonly rowId: number;
  readonly clientOrderId: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
  readonly ts: number;
}

/** Builds the WHERE clause of a page; column names are fixed here, values are always bound. */
function where(filter: TradeFilter, timeColumn: string, rowColumn: string) {
  const clauses: string[] = [];
  const values: (string | number)[] = [];
  const add = (sql: string, value: string | number | undefined) => {
    if (value === undefined) return;
    clauses.push(sql);
    values.push(value);
  };
  add('agent_id = ?', filter.agent);
  add('symbol = ?', filter.symbol);
  add('side = ?', filter.side);
  add('status = ?', filter.status);
  add(`${timeColumn} >= ?`, filter.fromMs);
  add(`${timeColumn} <= ?`, filter.toMs);
  add(`${rowColumn} < ?`, filter.beforeRowId);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', values };
}

/** Reads of the orders and fills the portfolio recorded; it never writes them. */
@Injectable()
export class TradeHistoryRepository {
  /** Prepared once per filter combination (a few dozen at most): compiling SQL per read is the cost. */
  private readonly statements = new Map<string, Statement<(string | number)[], unknown>>();

  constructor(private readonly sqlite: SqliteConnection) {}

  private statement<Row>(sql: string): Statement<(string | number)[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.sqlite.db.prepare<(string | number)[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<(string | number)[], Row>;
  }

  orders(filter: TradeFilter): OrderRow[] {
    const w = where(filter, 'created_at', 'rowid');
    return this.statement<OrderRow>(
      `SELECT rowid AS rowId, client_order_id AS clientOrderId, agent_id AS agentId, symbol, side, quantity,
           status, signal_id AS signalId, created_at AS createdAt
         FROM orders ${w.sql} ORDER BY rowid DESC LIMIT ?`,
    ).all(...w.values, filter.limit);
  }

  fills(filter: Omit<TradeFilter, 'status'>): FillRow[] {
    const w = where(filter, 'ts', 'id');
    return this.statement<FillRow>(
      `SELECT id AS rowId, client_order_id AS clientOrderId, agent_id AS agentId, symbol, side, quantity,
           price, fee_usd AS feeUsd, ts
         FROM fills ${w.sql} ORDER BY id DESC LIMIT ?`,
    ).all(...w.values, filter.limit);
  }
}
