import { Injectable } from '@nestjs/common';
import type { Fill } from '../trading/broker.js';
import type { LedgerState } from './agent-ledger.js';
import type { AllocationTarget } from './allocation-planner.js';
import { Outbox } from '../platform/outbox.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';

export interface OrderRecord {
  readonly clientOrderId: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly signalId: string;
  readonly correlationId?: string;
  readonly createdAt: number;
}

/**
 * Persistence of the portfolio: allocations, ledgers, orders and fills. A fill, the ledger it changes
 * and its export row commit in one transaction, so a crash never leaves them disagreeing.
 */
@Injectable()
export class PortfolioRepository {
  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly outbox: Outbox,
  ) {}

  private get db() {
    return this.sqlite.db;
  }

  loadAllocations(): AllocationTarget[] {
    return this.db
      .prepare<[], { agent_id: string; target_pct: number; capital_usd: number }>(
        'SELECT agent_id, target_pct, capital_usd FROM allocations',
      )
      .all()
      .map((r) => ({ agentId: r.agent_id, targetPct: r.target_pct, capitalUsd: r.capital_usd }));
  }

  /** Records the opening allocations and ledgers of a new portfolio. */
  open(
    allocations: readonly AllocationTarget[],
    ledgers: readonly LedgerState[],
    now: number,
  ): void {
    this.db.transaction(() => {
      const allocation = this.db.prepare(
        'INSERT INTO allocations (agent_id, target_pct, capital_usd, updated_at) VALUES (?, ?, ?, ?)',
      );
      for (const a of allocations) {
        allocation.run(a.agentId, a.targetPct, a.capitalUsd, now);
        this.outbox.appendInTransaction('allocations', { ...a, ts: now });
      }
      for (const ledger of ledgers) this.saveLedger(ledger, now);
    })();
  }

  loadLedgers(): LedgerState[] {
    const positions = this.db
      .prepare<[], { agent_id: string; symbol: string; quantity: number; average_price: number }>(
        'SELECT agent_id, symbol, quantity, average_price FROM agent_positions',
      )
      .all();
    return this.db
      .prepare<
        [],
        { agent_id: string; cash_usd: number; fees_usd: number; realized_pnl_usd: number }
      >('SELECT agent_id, cash_usd, fees_usd, realized_pnl_usd FROM agent_ledgers')
      .all()
      .map((r) => ({
        agentId: r.agent_id,
        cashUsd: r.cash_usd,
        feesUsd: r.fees_usd,
        realizedPnlUsd: r.realized_pnl_usd,
        positions: positions
          .filter((p) => p.agent_id === r.agent_id)
          .map((p) => ({ symbol: p.symbol, quantity: p.quantity, averagePrice: p.average_price })),
      }));
  }

  recordOrder(order: OrderRecord): void {
    this.db
      .prepare(
        `INSERT INTO orders (client_order_id, agent_id, symbol, side, quantity, status, signal_id, correlation_id, created_at)
         VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?)`,
      )
      .run(
        order.clientOrderId,
        order.agentId,
        order.symbol,
        order.side,
        order.quantity,
        order.signalId,
        order.correlationId ?? null,
        order.createdAt,
      );
  }

  markOrder(clientOrderId: string, status: 'rejected'): void {
    this.db
      .prepare('UPDATE orders SET status = ? WHERE client_order_id = ?')
      .run(status, clientOrderId);
  }

  /** The fill, the agent's ledger after it, and both export rows, atomically. */
  recordFill(order: OrderRecord, fill: Fill, ledger: LedgerState): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE orders SET status = 'filled' WHERE client_order_id = ?")
        .run(fill.clientOrderId);
      this.db
        .prepare(
          `INSERT INTO fills (client_order_id, agent_id, symbol, side, quantity, price, fee_usd, ts)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          fill.clientOrderId,
          order.agentId,
          fill.symbol,
          fill.side,
          fill.quantity,
          fill.price,
          fill.feeUsd,
          fill.ts,
        );
      this.saveLedger(ledger, fill.ts);
      this.outbox.appendInTransaction('orders', { ...order, status: 'filled' });
      this.outbox.appendInTransaction('fills', {
        ...fill,
        agentId: order.agentId,
        signalId: order.signalId,
        correlationId: order.correlationId,
      });
    })();
  }

  fillCountsByAgent(): Map<string, number> {
    const rows = this.db
      .prepare<[], { agent_id: string; n: number }>(
        'SELECT agent_id, COUNT(*) AS n FROM fills GROUP BY agent_id',
      )
      .all();
    return new Map(rows.map((r) => [r.agent_id, r.n]));
  }

  readMark(key: string): number | undefined {
    return this.db
      .prepare<[string], { value: number }>('SELECT value FROM portfolio_marks WHERE key = ?')
      .get(key)?.value;
  }

  writeMark(key: string, value: number): void {
    this.db
      .prepare(
        'INSERT INTO portfolio_marks (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  private saveLedger(ledger: LedgerState, now: number): void {
    this.db
      .prepare(
        `INSERT INTO agent_ledgers (agent_id, cash_usd, fees_usd, realized_pnl_usd, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET cash_usd = excluded.cash_usd, fees_usd = excluded.fees_usd,
           realized_pnl_usd = excluded.realized_pnl_usd, updated_at = excluded.updated_at`,
      )
      .run(ledger.agentId, ledger.cashUsd, ledger.feesUsd, ledger.realizedPnlUsd, now);
    this.db.prepare('DELETE FROM agent_positions WHERE agent_id = ?').run(ledger.agentId);
    const position = this.db.prepare(
      'INSERT INTO agent_positions (agent_id, symbol, quantity, average_price) VALUES (?, ?, ?, ?)',
    );
    for (const p of ledger.positions)
      position.run(ledger.agentId, p.symbol, p.quantity, p.averagePrice);
  }
}
