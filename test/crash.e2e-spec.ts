import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { GuidanceDto } from '../src/orchestration/guidance.dto.js';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { type ServiceProcess } from './support/service-process.js';
import { serviceLauncher } from './support/service-launcher.js';
import { temporaryDir, TEST_ADMIN_TOKEN } from './support/test-config.js';

/** 5 in CI; `CRASH_ITERATIONS=20` for the long run. */
const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 5);
const AUTH = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' };

interface FillRow {
  id: number;
  client_order_id: string;
  agent_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  fee_usd: number;
}

interface Acknowledged {
  fills: FillRow[];
  ledgers: Record<string, { cash: number; contributed: number; fees: number; realized: number }>;
  positions: Record<string, { symbol: string; quantity: number; averagePrice: number }[]>;
  targets: Record<string, number>;
  breakers: Record<string, { state: string; reason: string | null }>;
  thresholds: Record<string, number>;
}

/** What the SQLite file holds: everything the service acknowledged, nothing else. */
function readAcknowledged(dataDir: string): Acknowledged {
  const db = new BetterSqlite3(join(dataDir, 'cloud-trader.sqlite'));
  try {
    const rows = <T>(sql: string) => db.prepare(sql).all() as T[];
    const state: Acknowledged = {
      fills: rows<FillRow>(
        'SELECT id, client_order_id, agent_id, symbol, side, quantity, price, fee_usd FROM fills ORDER BY id',
      ),
      ledgers: {},
      positions: {},
      targets: {},
      breakers: {},
      thresholds: {},
    };
    for (const l of rows<{
      agent_id: string;
      cash_usd: number;
      contributed_usd: number;
      fees_usd: number;
      realized_pnl_usd: number;
    }>('SELECT * FROM agent_ledgers'))
      state.ledgers[l.agent_id] = {
        cash: l.cash_usd,
        contributed: l.contributed_usd,
        fees: l.fees_usd,
        realized: l.realized_pnl_usd,
      };
    for (const id of Object.keys(state.ledgers)) state.positions[id] = [];
    for (const p of rows<{
      agent_id: string;
      symbol: string;
      quantity: number;
      average_price: number;
    }>('SELECT * FROM agent_positions ORDER BY agent_id, symbol'))
      state.positions[p.agent_id].push({
        symbol: p.symbol,
        quantity: p.quantity,
        averagePrice: p.average_price,
      });
    for (const a of rows<{ agent_id: string; target_pct: number }>(
      'SELECT agent_id, target_pct FROM allocations',
    ))
      state.targets[a.agent_id] = a.target_pct;
    for (const b of rows<{ id: string; state: string; reason: string | null }>(
      'SELECT id, state, reason FROM breakers',
    ))
      state.breakers[b.id] = { state: b.state, reason: b.reason };
    for (const t of rows<{ agent_id: string; threshold: number }>(
      'SELECT agent_id, threshold FROM participation_thresholds',
    ))
      state.thresholds[t.agent_id] = t.threshold;
    return state;
  } finally {
    db.close();
  }
}

/** Each ledger is exactly its capital plus the fills booked to it: none lost, none counted twice. */
function expectLedgersAreTheirFills(state: Acknowledged): void {
  expect(new Set(state.fills.map((f) => f.client_order_id)).size).toBe(state.fills.length);
  for (const [agentId, ledger] of Object.entries(state.ledgers)) {
    const fills = state.fills.filter((f) => f.agent_id === agentId);
    const spent = fills.reduce(
      (sum, f) =>
        sum +
        (f.side === 'buy' ? f.quantity * f.price + f.fee_usd : f.fee_usd - f.quantity * f.price),
      0,
    );
    expect(ledger.cash).toBeCloseTo(ledger.contributed - spent, 6);
    expect(ledger.fees).toBeCloseTo(
      fills.reduce((sum, f) => sum + f.fee_usd, 0),
      9,
    );
    const held = new Map<string, number>();
    for (const f of fills)
      held.set(f.symbol, (held.get(f.symbol) ?? 0) + (f.side === 'buy' ? f.quantity : -f.quantity));
    for (const [symbol, quantity] of held) {
      const position = state.positions[agentId].find((p) => p.symbol === symbol);
      expect(position?.quantity ?? 0).toBeCloseTo(quantity, 9);
    }
  }
}

/**
 * The built service trades the replay fast and is killed with SIGKILL at a random moment, again and
 * again. After each crash the SQLite file (what was acknowledged) is checked for consistency and against
 * the previous crash (nothing lost), and a restarted service must show exactly that state through its API.
 */
describe(`portfolio state across ${ITERATIONS} kill -9s`, () => {
  const launch = serviceLauncher();
  const start = async (dataDir: string, barMs: string) => {
    const service = await launch({
      DATA_DIR: dataDir,
      REPLAY_BAR_INTERVAL_MS: barMs,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'ERROR',
    });
    await service.ready();
    return service;
  };
  const crash = async (service: ServiceProcess) => {
    service.kill('SIGKILL');
    expect((await service.exited).signal).toBe('SIGKILL');
  };
  const post = (service: ServiceProcess, path: string, body: unknown) =>
    fetch(service.url(path), { method: 'POST', headers: AUTH, body: JSON.stringify(body) });

  it(
    'loses and doubles nothing acknowledged, and shows the same state after every restart',
    async () => {
      const dataDir = join(temporaryDir('ct-crash-'), 'data');
      let previous: Acknowledged | undefined;
      for (let i = 0; i < ITERATIONS; i++) {
        // Trade: a bar every 20 ms, admin changes along the way, then SIGKILL at a random moment.
        const trader = await start(dataDir, '20');
        if (i === 0)
          expect(
            (await post(trader, '/set-participation-threshold/qwen', { threshold: 0.42 })).status,
          ).toBe(200);
        if (i === ITERATIONS - 1)
          expect((await post(trader, '/admin/halt', { reason: `crash drill ${i}` })).status).toBe(
            200,
          );
        const fillsBefore = previous?.fills.length ?? 0;
        await trader.until(async () => {
          const status = await trader.get<PortfolioStatusDto>('/portfolio-status');
          return status.agents.reduce((s, a) => s + a.fills, 0) > fillsBefore ||
            i === ITERATIONS - 1
            ? true
            : undefined;
        }, 30_000);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_500));
        await crash(trader);

        const acknowledged = readAcknowledged(dataDir);
        expectLedgersAreTheirFills(acknowledged);
        if (previous) {
          // Nothing acknowledged before is lost or changed.
          expect(acknowledged.fills.slice(0, previous.fills.length)).toEqual(previous.fills);
          expect(acknowledged.thresholds.qwen).toBeDefined();
        }
        if (i < ITERATIONS - 1)
          expect(acknowledged.fills.length).toBeGreaterThan(previous?.fills.length ?? 0);
        if (i === ITERATIONS - 1)
          expect(acknowledged.breakers.portfolio).toEqual({
            state: 'halted',
            reason: `crash drill ${i}`,
          });

        // Restart with the market still, and read the state back through the API.
        const reader = await start(dataDir, '300000');
        const status = await reader.get<PortfolioStatusDto>('/portfolio-status');
        for (const agent of status.agents) {
          const ledger = acknowledged.ledgers[agent.agentId];
          expect({
            cash: agent.cashUsd,
            contributed: agent.contributedUsd,
            fees: agent.feesUsd,
            realized: agent.realizedPnlUsd,
          }).toEqual(ledger);
          expect(agent.targetPct).toBe(acknowledged.targets[agent.agentId]);
          expect(agent.fills).toBe(
            acknowledged.fills.filter((f) => f.agent_id === agent.agentId).length,
          );
          const guidance = await reader.get<GuidanceDto>(`/agent/${agent.agentId}/guidance`);
          expect(guidance.openPositions).toEqual(acknowledged.positions[agent.agentId]);
          if (acknowledged.thresholds[agent.agentId] !== undefined)
            expect(guidance.participationThreshold).toBe(acknowledged.thresholds[agent.agentId]);
        }
        for (const b of status.breakers) {
          const saved = acknowledged.breakers[b.id] ?? { state: 'ok', reason: null };
          expect({ state: b.state, reason: b.reason }).toEqual(saved);
        }
        await crash(reader);
        previous = acknowledged;
      }
    },
    60_000 + ITERATIONS * 30_000,
  );
});
