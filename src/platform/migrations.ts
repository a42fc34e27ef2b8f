/**
 * The schema, one step per entry, applied in order and recorded in `schema_migrations`. Versions run
 * in the order the steps apply. Never edit a step that has shipped; add a new one.
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
  {
    version: 4,
    name: 'participation thresholds: the band auto-tuning may move an admin-set value within',
    sql: `ALTER TABLE participation_thresholds ADD COLUMN auto_tune_band REAL NOT NULL DEFAULT 0;`,
  },
  {
    version: 5,
    name: 'export: dead letters (rows the analytics sink refused for good, with its reason)',
    sql: `
      CREATE TABLE export_dead_letters (
        outbox_id INTEGER PRIMARY KEY,
        stream TEXT NOT NULL,
        payload TEXT NOT NULL,
        reason TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        dead_lettered_at INTEGER NOT NULL
      );
      CREATE INDEX export_dead_letters_by_time ON export_dead_letters (dead_lettered_at);`,
  },
  {
    version: 6,
    name: 'models: response cache (validated LLM and forecaster answers keyed by the exact request)',
    sql: `
      CREATE TABLE llm_response_cache (
        request_key TEXT PRIMARY KEY,
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );`,
  },
  {
    version: 7,
    name: 'portfolio: capital per ledger, breakers, transfers, model costs, crossings, performance marks',
    sql: `
      ALTER TABLE agent_ledgers ADD COLUMN contributed_usd REAL;
      ALTER TABLE agent_ledgers ADD COLUMN traded_usd REAL NOT NULL DEFAULT 0;
      UPDATE agent_ledgers SET contributed_usd =
        (SELECT capital_usd FROM allocations a WHERE a.agent_id = agent_ledgers.agent_id);
      CREATE TABLE breakers (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('ok', 'halted', 'reduce-only')),
        reason TEXT,
        tripped_at INTEGER,
        peak_pnl_usd REAL NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE breaker_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        breaker_id TEXT NOT NULL,
        action TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT,
        ts INTEGER NOT NULL
      );
      CREATE TABLE capital_transfers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agent_id TEXT NOT NULL,
        amount_usd REAL NOT NULL,
        reason TEXT NOT NULL,
        ts INTEGER NOT NULL
      );
      CREATE TABLE agent_model_costs (
        agent_id TEXT PRIMARY KEY,
        cost_usd REAL NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE agent_crossings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        symbol TEXT NOT NULL,
        buyer TEXT NOT NULL,
        seller TEXT NOT NULL,
        quantity REAL NOT NULL,
        spread_usd REAL NOT NULL,
        ts INTEGER NOT NULL
      );
      CREATE TABLE performance_marks (
        bucket INTEGER NOT NULL,
        id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        pnl_usd REAL NOT NULL,
        capital_usd REAL NOT NULL,
        PRIMARY KEY (bucket, id)
      );
      CREATE INDEX performance_marks_by_time ON performance_marks (ts);
      CREATE UNIQUE INDEX fills_once_per_order ON fills (client_order_id);`,
  },
  {
    version: 8,
    name: 'service runs: one row per start, so ids made in one run never repeat in the next',
    sql: `
      CREATE TABLE service_runs (
        run INTEGER PRIMARY KEY AUTOINCREMENT,
        market_start INTEGER NOT NULL,
        started_at INTEGER NOT NULL
      );`,
  },
  {
    version: 9,
    name: 'audit log: who changed what through the API',
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_name TEXT NOT NULL,
        token_scope TEXT NOT NULL,
        method TEXT NOT NULL,
        route TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER NOT NULL,
        client_address TEXT NOT NULL,
        request_json TEXT,
        before_json TEXT,
        after_json TEXT,
        ts INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
      );`,
  },
  {
    version: 10,
    name: 'trader view: equity and allocation of each agent and the portfolio at every market mark',
    sql: `
      CREATE TABLE equity_marks (
        id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        equity_usd REAL NOT NULL,
        pnl_usd REAL NOT NULL,
        allocation_pct REAL NOT NULL,
        target_pct REAL NOT NULL,
        PRIMARY KEY (id, ts)
      );`,
  },
  {
    version: 11,
    name: 'replay position: the close of the last bar a replay completed, so a restart resumes after it',
    sql: `
      CREATE TABLE replay_position (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_bar_close INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
      );`,
  },
];

/**
 * The versions the steps had before they were numbered in order (they ran 1, 2, 3, 30, 20, 40, 10, 45,
 * 171, 180), old → new. A database that recorded them is renumbered once when it opens
 * (`renumberPreviousVersions`); versions not listed (1–3, and steps added later) kept their numbers.
 */
export const PREVIOUS_VERSIONS: ReadonlyMap<number, number> = new Map([
  [30, 4],
  [20, 5],
  [40, 6],
  [10, 7],
  [45, 8],
  [171, 9],
  [180, 10],
]);
