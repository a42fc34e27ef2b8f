import { SEED_ROLES, SEED_ROSTER, SYMBOLS, type AgentDefinition } from '../src/config/roster.js';
import { testEngineSettings } from '../src/orchestration/engine.fixture.js';
import { PortfolioEngine } from '../src/orchestration/portfolio-engine.js';
import { median, print, round } from './bench-result.js';

const RUNS = 15;
/** A full 7-day window of 15-minute samples per agent. */
const WINDOW = 672;
const TRADING_ROLES = SEED_ROLES.filter((r) => r.trades).map((r) => r.role);
const PRICES: Record<string, number> = {
  BTCUSDT: 50_000,
  ETHUSDT: 3_000,
  SOLUSDT: 40,
  XRPUSDT: 1,
  ADAUSDT: 1.5,
};

function roster(agents: number): readonly AgentDefinition[] {
  if (agents === SEED_ROSTER.length) return SEED_ROSTER;
  return Array.from({ length: agents }, (_, i) => ({
    id: `agent-${i}`,
    role: TRADING_ROLES[i % TRADING_ROLES.length],
    driver: 'momentum' as const,
    symbols: [...SYMBOLS],
  }));
}

/**
 * An engine with `agents` agents, each fully invested in two symbols, each with a full window of
 * performance samples of a different quality, ready for a rebalance that moves targets and sells.
 */
function prepared(agents: number): { engine: PortfolioEngine; price: (s: string) => number } {
  const prices = { ...PRICES };
  const price = (s: string) => prices[s];
  const settings = testEngineSettings({ roster: roster(agents), performanceWindow: WINDOW });
  const engine = new PortfolioEngine(settings, PortfolioEngine.opening(settings, 1_000_000));
  let k = 0;
  for (const ledger of engine.allLedgers()) {
    const half = ledger.cashUsd / 2;
    for (const symbol of [SYMBOLS[k % 5], SYMBOLS[(k + 2) % 5]])
      if (half > 1)
        engine.book(ledger.agentId, {
          symbol,
          side: 'buy',
          quantity: half / prices[symbol],
          price: prices[symbol],
          feeUsd: 0,
          ts: 0,
        });
    k++;
  }
  for (let i = 0; i <= WINDOW; i++) {
    for (const s of SYMBOLS) prices[s] *= 1 + 0.002 * Math.sin(i + s.length) + 0.0003;
    engine.samplePerformance(price);
  }
  return { engine, price };
}

/** Milliseconds for one rebalance: new targets, cash transfers, and the pro-rata sells it asks for. */
function rebalanceMs(agents: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc');
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { engine, price } = prepared(agents);
    // The set-up's garbage is collected before, not during, the timed rebalance.
    gc();
    const started = performance.now();
    engine.rebalance(price, 'scheduled');
    engine.reductionOrders(price, 1);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** `npm run bench -- rebalance`: one rebalance of 1,000 agents against the seed roster's six. */
export function runRebalanceBench(): void {
  rebalanceMs(SEED_ROSTER.length); // warm-up
  const baseline = rebalanceMs(SEED_ROSTER.length);
  const value = rebalanceMs(1_000);
  print({
    name: 'rebalance_1000_agents_ms',
    value: round(value),
    unit: 'ms per rebalance (median)',
    baseline: round(baseline),
    ratio: round(value / baseline),
    baselineName: 'the same rebalance for the 6 seed agents, same run',
    windowSamples: WINDOW,
  });
}
