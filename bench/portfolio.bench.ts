import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYMBOLS } from '../src/config/roster.js';
import { AgentLedger } from '../src/orchestration/agent-ledger.js';
import { testEngineSettings } from '../src/orchestration/engine.fixture.js';
import { sizeOrder } from '../src/orchestration/order-sizer.js';
import { PortfolioEngine } from '../src/orchestration/portfolio-engine.js';
import { PortfolioRepository } from '../src/orchestration/portfolio.repository.js';
import { ManualClock } from '../src/platform/clock.js';
import { Outbox } from '../src/platform/outbox.js';
import { StorageHealth } from '../src/platform/storage-health.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { median, print, round } from './bench-result.js';

const SIGNALS = 200_000;
const FILLS = 5_000;
const RUNS = 5;
const AGENTS = ['freqtrade-hft', 'hummingbot-mm', 'deepseek-v3', 'fingpt'];
const PRICES: Record<string, number> = {
  BTCUSDT: 50_000,
  ETHUSDT: 3_000,
  SOLUSDT: 40,
  XRPUSDT: 1,
  ADAUSDT: 1.5,
};
const price = (s: string) => PRICES[s];

function fillOf(symbol: string, side: 'buy' | 'sell', quantity: number) {
  const p = PRICES[symbol] * (side === 'buy' ? 1.0002 : 0.9998);
  return { symbol, side, quantity, price: p, feeUsd: p * quantity * 0.00075 };
}

/** Signals per second through sizing, every pre-trade check, and booking to ledger and account. */
function engineRate(): number {
  const settings = testEngineSettings({
    limits: { ...testEngineSettings().limits, maxOrdersPerMinute: 1e9 },
  });
  const engine = new PortfolioEngine(settings, PortfolioEngine.opening(settings, 100_000));
  const started = performance.now();
  for (let i = 0; i < SIGNALS; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length];
    const side = i % 3 === 0 ? 'sell' : 'buy';
    const agentId = AGENTS[i % AGENTS.length];
    const proposal = engine.propose(
      { id: `s${i}`, agentId, symbol, side, confidence: 0.3 },
      price,
      i,
    );
    if (proposal.kind === 'order')
      engine.book(agentId, { ...fillOf(symbol, side, proposal.order.quantity), ts: i });
  }
  return SIGNALS / ((performance.now() - started) / 1_000);
}

/** Baseline: the skeleton's path, sizing and booking to the ledger with no risk checks. */
function bareRate(): number {
  const ledgers = new Map(AGENTS.map((id) => [id, AgentLedger.opening(id, 25_000)]));
  const started = performance.now();
  for (let i = 0; i < SIGNALS; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length];
    const side = i % 3 === 0 ? 'sell' : 'buy';
    const ledger = ledgers.get(AGENTS[i % AGENTS.length]) as AgentLedger;
    const quantity = sizeOrder({
      side,
      confidence: 0.3,
      price: PRICES[symbol],
      capitalUsd: ledger.equityUsd(price),
      maxOrderFraction: 0.1,
      cashUsd: ledger.cashUsd,
      heldQuantity: ledger.quantity(symbol),
      feeBps: 7.5,
    });
    if (quantity > 0) ledger.apply(fillOf(symbol, side, quantity));
  }
  return SIGNALS / ((performance.now() - started) / 1_000);
}

/** Durable fills per second: order row, fill, ledger and export rows in one transaction each. */
function durableFillRate(): { fills: number; bareInserts: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ct-bench-portfolio-'));
  const sqlite = new SqliteConnection(dir);
  try {
    const storage = new StorageHealth();
    const outbox = new Outbox(sqlite, new ManualClock(Date.now()), undefined, storage);
    const repository = new PortfolioRepository(sqlite, outbox, storage);
    const settings = testEngineSettings();
    repository.open(PortfolioEngine.opening(settings, 100_000), 0);
    const ledger = AgentLedger.opening('fingpt', 10_000);
    let started = performance.now();
    for (let i = 0; i < FILLS; i++) {
      const order = {
        clientOrderId: `o-${i}`,
        agentId: 'fingpt',
        symbol: 'ADAUSDT',
        side: 'buy',
        quantity: 1,
        signalId: `s${i}`,
        createdAt: i,
      };
      repository.recordOrder(order);
      const fill = { clientOrderId: order.clientOrderId, ...fillOf('ADAUSDT', 'buy', 1), ts: i };
      ledger.apply(fill);
      repository.recordFill(order, fill, ledger.snapshot(), []);
    }
    const fills = FILLS / ((performance.now() - started) / 1_000);
    const insert = sqlite.db.prepare('INSERT INTO portfolio_marks (key, value) VALUES (?, ?)');
    started = performance.now();
    for (let i = 0; i < FILLS; i++) sqlite.db.transaction(() => insert.run(`k${i}`, i))();
    return { fills, bareInserts: FILLS / ((performance.now() - started) / 1_000) };
  } finally {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench`: the orchestrator's decision path and its durable booking, each against a baseline. */
export function runPortfolioBench(): void {
  const engine: number[] = [];
  const bare: number[] = [];
  const durable: number[] = [];
  const inserts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    engine.push(engineRate());
    bare.push(bareRate());
    const d = durableFillRate();
    durable.push(d.fills);
    inserts.push(d.bareInserts);
  }
  const value = median(engine);
  const baseline = median(bare);
  print({
    name: 'portfolio_signals_checked_and_booked_per_second',
    value: round(value),
    unit: 'signals/s',
    baseline: round(baseline),
    ratio: round(value / baseline),
    baselineIs: 'sizing and ledger booking without pre-trade risk, breakers or the account book',
  });
  const fills = median(durable);
  const insert = median(inserts);
  print({
    name: 'portfolio_durable_fills_per_second',
    value: round(fills),
    unit: 'fills/s',
    baseline: round(insert),
    ratio: round(fills / insert),
    baselineIs: 'one single-row SQLite transaction (WAL, synchronous=NORMAL)',
  });
}
