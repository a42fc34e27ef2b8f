import { Injectable } from '@nestjs/common';
import type { Fill } from '../trading/broker.js';
import type { LedgerState } from './agent-ledger.js';
import type { AllocationTarget } from './allocation-planner.js';
import type { Crossing } from './crossing-detector.js';
import type { BreakerSnapshot, BreakerState } from './drawdown-breaker.js';
import type { EngineState, Rebalance } from './engine-contract.js';
import { Outbox } from '../platform/outbox.js';
import type { OrderRow } from '../platform/outbox-streams.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { StorageHealth } from '../platform/storage-health.js';

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

const INITIAL_CAPITAL_MARK = 'initial_capital_usd';
const RESERVE_MARK = 'reserve_cash_usd';

interface LedgerRow {
  agent_id: string;
  cash_usd: number;
  contributed_usd: number | null;
  fees_usd: number;
  realized_pnl_usd: number;
  traded_usd: number;
}

/**
 * Persistence of the portfolio. Each change commits in one transaction with its export rows (a fill with
 * the ledger it changes, a rebalance with its allocations, transfers and ledgers), so a crash never
 * leaves them disagreeing; the caller acknowledges only after the commit. A write that fails is reported
 * to `StorageHealth` (which pauses trading) and thrown.
 */
@Injectable()
export class PortfolioRepository {
  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly outbox: Outbox,
    private readonly storage: StorageHealth,
  ) {}

  /** The saved portfolio, or undefined before it was first opened. */
  load(): EngineState | undefined {
    const allocations = this.sqlite
      .prepare<[], { agent_id: string; target_pct: number; capital_usd: number }>(
        'SELECT agent_id, target_pct, capital_usd FROM allocations ORDER BY agent_id',
      )
      .all()
      .map((r) => ({ agentId: r.agent_id, targetPct: r.target_pct, capitalUsd: r.capital_usd }));
    if (allocations.length === 0) return undefined;
    const initial = this.readMark(INITIAL_CAPITAL_MARK) ?? 0;
    const reserve =
      this.readMark(RESERVE_MARK) ?? initial - allocations.reduce((s, a) => s + a.capitalUsd, 0);
    const account = this.sqlite
      .prepare<[], { cash: number | null }>(
        `SELECT SUM(CASE side WHEN 'buy' THEN -quantity * price ELSE quantity * price END - fee_usd) AS cash FROM fills`,
      )
      .get();
    const holdings = this.sqlite
      .prepare<[], { symbol: string; q: number }>(
        `SELECT symbol, SUM(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) AS q FROM fills GROUP BY symbol`,
      )
      .all();
    const costs = this.sqlite
      .prepare<[], { agent_id: string; cost_usd: number }>(
        'SELECT agent_id, cost_usd FROM agent_model_costs',
      )
      .all();
    return {
      initialCapitalUsd: initial,
      reserveUsd: reserve,
      allocations,
      ledgers: this.loadLedgers(allocations),
      breakers: this.loadBreakers(),
      modelCostUsd: Object.fromEntries(costs.map((c) => [c.agent_id, c.cost_usd])),
      account: {
        cashUsd: initial + (account?.cash ?? 0),
        holdings: Object.fromEntries(holdings.map((h) => [h.symbol, h.q])),
      },
    };
  }

  /** Records a new portfolio: its capital, allocations, reserve and opening ledgers. */
  open(state: EngineState, now: number): void {
    this.outbox.transaction(() => {
      this.writeMark(INITIAL_CAPITAL_MARK, state.initialCapitalUsd);
      this.saveAllocations(state.allocations, now, 'opening');
      this.writeMark(RESERVE_MARK, state.reserveUsd);
      for (const ledger of state.ledgers) this.saveLedger(ledger, now);
    });
  }

  loadLedgers(allocations: readonly AllocationTarget[] = []): LedgerState[] {
    const positions = this.sqlite
      .prepare<[], { agent_id: string; symbol: string; quantity: number; average_price: number }>(
        'SELECT agent_id, symbol, quantity, average_price FROM agent_positions ORDER BY agent_id, symbol',
      )
      .all();
    const capital = new Map(allocations.map((a) => [a.agentId, a.capitalUsd]));
    return this.sqlite
      .prepare<[], LedgerRow>(
        'SELECT agent_id, cash_usd, contributed_usd, fees_usd, realized_pnl_usd, traded_usd FROM agent_ledgers ORDER BY agent_id',
      )
      .all()
      .map((r) => ({
        agentId: r.agent_id,
        cashUsd: r.cash_usd,
        contributedUsd: r.contributed_usd ?? capital.get(r.agent_id) ?? 0,
        feesUsd: r.fees_usd,
        realizedPnlUsd: r.realized_pnl_usd,
        tradedUsd: r.traded_usd,
        positions: positions
          .filter((p) => p.agent_id === r.agent_id)
          .map((p) => ({ symbol: p.symbol, quantity: p.quantity, averagePrice: p.average_price })),
      }));
  }

  /**
   * Records an order before it is sent; false when the same order (same signal) exists already. The
   * outbox's buffered rows, the order's signal among them (the bus journals a message before it delivers
   * it), are committed first: an exported fill never names a signal that a crash kept from the export.
   */
  recordOrder(order: OrderRecord): boolean {
    const result = this.storage.write('order', () =>
      this.outbox.transaction(() =>
        this.sqlite
          .prepare(
            `INSERT INTO orders (client_order_id, agent_id, symbol, side, quantity, status, signal_id, correlation_id, created_at)
         VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?) ON CONFLICT (client_order_id) DO NOTHING`,
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
          ),
      ),
    );
    return result.changes === 1;
  }

  markOrder(order: OrderRecord, status: 'rejected' | 'cancelled'): void {
    this.write('order rejection', () => {
      this.sqlite
        .prepare('UPDATE orders SET status = ? WHERE client_order_id = ?')
        .run(status, order.clientOrderId);
      this.outbox.appendInTransaction('orders', orderRow(order, status));
    });
  }

  /**
   * Orders sent but never answered before a crash. A paper fill that was not committed never happened,
   * so they are closed; a live broker's reconciliation settles what the exchange did.
   */
  abandonUnanswered(): number {
    return this.sqlite
      .prepare("UPDATE orders SET status = 'abandoned' WHERE status = 'submitted'")
      .run().changes;
  }

  /** Orders sent and never answered (live: the exchange may hold them). */
  unansweredOrders(): { clientOrderId: string; symbol: string }[] {
    return this.sqlite
      .prepare<[], { client_order_id: string; symbol: string }>(
        "SELECT client_order_id, symbol FROM orders WHERE status = 'submitted' ORDER BY created_at",
      )
      .all()
      .map((r) => ({ clientOrderId: r.client_order_id, symbol: r.symbol }));
  }

  /** The fill, the agent's ledger after it, crossings it made, and the export rows, atomically. */
  recordFill(
    order: OrderRecord,
    fill: Fill,
    ledger: LedgerState,
    crossings: readonly Crossing[],
  ): void {
    this.write('fill', () => {
      this.sqlite
        .prepare("UPDATE orders SET status = 'filled' WHERE client_order_id = ?")
        .run(fill.clientOrderId);
      this.sqlite
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
      const crossing = this.sqlite.prepare(
        'INSERT INTO agent_crossings (symbol, buyer, seller, quantity, spread_usd, ts) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const c of crossings)
        crossing.run(c.symbol, c.buyer, c.seller, c.quantity, c.spreadUsd, c.ts);
      this.outbox.appendInTransaction('orders', orderRow(order, 'filled'));
      this.outbox.appendInTransaction('fills', {
        clientOrderId: fill.clientOrderId,
        agentId: order.agentId,
        symbol: fill.symbol,
        side: fill.side,
        quantity: fill.quantity,
        price: fill.price,
        feeUsd: fill.feeUsd,
        signalId: order.signalId,
        correlationId: order.correlationId,
        ts: fill.ts,
      });
    });
  }

  /** New targets, the cash moved, the ledgers after it and the reserve, atomically. */
  recordRebalance(
    rebalance: Rebalance,
    ledgers: readonly LedgerState[],
    reserveUsd: number,
    now: number,
  ): void {
    this.write('rebalance', () => {
      this.saveAllocations(rebalance.allocations, now, rebalance.reason, rebalance.fromPct);
      const transfer = this.sqlite.prepare(
        'INSERT INTO capital_transfers (agent_id, amount_usd, reason, ts) VALUES (?, ?, ?, ?)',
      );
      for (const t of rebalance.transfers)
        transfer.run(t.agentId, t.amountUsd, rebalance.reason, now);
      for (const ledger of ledgers) this.saveLedger(ledger, now);
      this.writeMark(RESERVE_MARK, reserveUsd);
    });
  }

  /**
   * A sell the portfolio decided itself (a flatten, a rebalance's reduction), appended to the exported
   * signals as the cause its order and fill trace to; buffered, so it commits before the order does.
   */
  recordPortfolioSignal(signal: {
    readonly messageId: string;
    readonly agentId: string;
    readonly symbol: string;
    readonly side: string;
    readonly text: string;
    readonly ts: number;
  }): void {
    this.outbox.append('signals', { ...signal, confidence: 1, outcome: 'portfolio' });
  }

  loadBreakers(): BreakerSnapshot[] {
    return this.sqlite
      .prepare<
        [],
        {
          id: string;
          state: BreakerState;
          reason: string | null;
          tripped_at: number | null;
          peak_pnl_usd: number;
        }
      >('SELECT id, state, reason, tripped_at, peak_pnl_usd FROM breakers ORDER BY id')
      .all()
      .map((r) => ({
        id: r.id,
        state: r.state,
        reason: r.reason,
        trippedAt: r.tripped_at,
        peakPnlUsd: r.peak_pnl_usd,
      }));
  }

  /** Saves breakers; `action` (trip, halt, reset) also goes to the audit trail. */
  saveBreakers(breakers: readonly BreakerSnapshot[], now: number, action?: string): void {
    this.write('breakers', () => {
      const save = this.sqlite.prepare(
        `INSERT INTO breakers (id, state, reason, tripped_at, peak_pnl_usd, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
           tripped_at = excluded.tripped_at, peak_pnl_usd = excluded.peak_pnl_usd, updated_at = excluded.updated_at`,
      );
      const event = this.sqlite.prepare(
        'INSERT INTO breaker_events (breaker_id, action, state, reason, ts) VALUES (?, ?, ?, ?, ?)',
      );
      for (const b of breakers) {
        save.run(b.id, b.state, b.reason, b.trippedAt, b.peakPnlUsd, now);
        if (action) event.run(b.id, action, b.state, b.reason, now);
      }
    });
  }

  addModelCost(agentId: string, costUsd: number, now: number): void {
    this.storage.write('model cost', () =>
      this.sqlite
        .prepare(
          `INSERT INTO agent_model_costs (agent_id, cost_usd, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET cost_usd = cost_usd + excluded.cost_usd, updated_at = excluded.updated_at`,
        )
        .run(agentId, costUsd, now),
    );
  }

  fillCountsByAgent(): Map<string, number> {
    const rows = this.sqlite
      .prepare<[], { agent_id: string; n: number }>(
        'SELECT agent_id, COUNT(*) AS n FROM fills GROUP BY agent_id',
      )
      .all();
    return new Map(rows.map((r) => [r.agent_id, r.n]));
  }

  /** One transaction, its failure reported to `StorageHealth`. */
  private write(where: string, run: () => void): void {
    this.storage.write(where, () => this.outbox.transaction(run));
  }

  private saveAllocations(
    allocations: readonly AllocationTarget[],
    now: number,
    reason: string,
    fromPct: readonly number[] = [],
  ): void {
    const save = this.sqlite.prepare(
      `INSERT INTO allocations (agent_id, target_pct, capital_usd, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (agent_id) DO UPDATE SET target_pct = excluded.target_pct, capital_usd = excluded.capital_usd,
         updated_at = excluded.updated_at`,
    );
    allocations.forEach((a, i) => {
      save.run(a.agentId, a.targetPct, a.capitalUsd, now);
      this.outbox.appendInTransaction('allocations', {
        agentId: a.agentId,
        targetPct: a.targetPct,
        capitalUsd: a.capitalUsd,
        fromPct: fromPct[i] ?? 0,
        reason,
        ts: now,
      });
    });
  }

  private readMark(key: string): number | undefined {
    return this.sqlite
      .prepare<[string], { value: number }>('SELECT value FROM portfolio_marks WHERE key = ?')
      .get(key)?.value;
  }

  private writeMark(key: string, value: number): void {
    this.sqlite
      .prepare(
        'INSERT INTO portfolio_marks (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  private saveLedger(ledger: LedgerState, now: number): void {
    this.sqlite
      .prepare(
        `INSERT INTO agent_ledgers (agent_id, cash_usd, contributed_usd, fees_usd, realized_pnl_usd, traded_usd, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET cash_usd = excluded.cash_usd, contributed_usd = excluded.contributed_usd,
           fees_usd = excluded.fees_usd, realized_pnl_usd = excluded.realized_pnl_usd,
           traded_usd = excluded.traded_usd, updated_at = excluded.updated_at`,
      )
      .run(
        ledger.agentId,
        ledger.cashUsd,
        ledger.contributedUsd,
        ledger.feesUsd,
        ledger.realizedPnlUsd,
        ledger.tradedUsd,
        now,
      );
    this.sqlite.prepare('DELETE FROM agent_positions WHERE agent_id = ?').run(ledger.agentId);
    const position = this.sqlite.prepare(
      'INSERT INTO agent_positions (agent_id, symbol, quantity, average_price) VALUES (?, ?, ?, ?)',
    );
    for (const p of ledger.positions)
      position.run(ledger.agentId, p.symbol, p.quantity, p.averagePrice);
  }
}

/** The export row of an order: named field by field, so a field added to the record is not exported by accident. */
function orderRow(order: OrderRecord, status: string): OrderRow {
  return {
    clientOrderId: order.clientOrderId,
    agentId: order.agentId,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    signalId: order.signalId,
    correlationId: order.correlationId,
    status,
    createdAt: order.createdAt,
  };
}
