/**
 * The schema, one step per entry, applied in order and recorded in `schema_migrations`. Never edit a
 * step that has shipped; add a new one.
 */
export const MIGRATIONS: readonly {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}[] = [
  {
    version: 1,
    name: 'participation thresholds',
    sql: `
      CREATE TABLE participation_thresholds (
        agent_id TEXT PRIMARY KEY,
        threshold REAL NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
        updated_at INTEGER NOT NULL
      );`,
  },
  {
    version: 2,
    name: 'portfolio: allocations, ledgers, positions, orders, fills',
    sql: `
      CREATE TABLE allocations (
        agent_id TEXT PRIMARY KEY,
        target_pct REAL NOT NULL,
        capital_usd REAL NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE agent_ledgers (
        agent_id TEXT PRIMARY KEY,
        cash_usd REAL NOT NULL,
        fees_usd REAL NOT NULL DEFAULT 0,
        realized_pnl_usd REAL NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE agent_positions (
        agent_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        quantity REAL NOT NULL,
        average_price REAL NOT NULL,
        PRIMARY KEY (agent_id, symbol)
      );
      CREATE TABLE orders (
        client_order_id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        quantity REAL NOT NULL,
        status TEXT NOT NULL,
        signal_id TEXT,
        correlation_id TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX orders_by_agent ON orders (agent_id, created_at);
      CREATE TABLE fills (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_order_id TEXT NOT NULL REFERENCES orders (client_order_id),
        agent_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        quantity REAL NOT NULL,
        price REAL NOT NULL,
        fee_usd REAL NOT NULL,
        ts INTEGER NOT NULL
      );
      CREATE INDEX fills_by_agent ON fills (agent_id, ts);
      CREATE TABLE portfolio_marks (
        key TEXT PRIMARY KEY,
        value REAL NOT NULL
      );`,
  },
  {
    version: 3,
    name: 'outbox',
    sql: `
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        stream TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        shipped_at INTEGER
      );
      CREATE INDEX outbox_pending ON outbox (shipped_at, id);`,
  },
];
