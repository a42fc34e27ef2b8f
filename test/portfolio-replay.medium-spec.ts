import { SEED_ROLES, SEED_ROSTER, SYMBOLS, type Side } from '../src/config/roster.js';
import type { LedgerState } from '../src/orchestration/agent-ledger.js';
import { DEFAULT_ALLOCATION_POLICY } from '../src/orchestration/allocation-planner.js';
import { testEngineSettings } from '../src/orchestration/engine.fixture.js';
import { PortfolioEngine } from '../src/orchestration/portfolio-engine.js';
import { MarketTimeline } from '../src/platform/market-timeline.js';
import type { Candle } from '../src/trading/candle.js';
import { MarketDataSet } from '../src/trading/market-data-set.js';
import { REPLAY_WARMUP_BARS, ReplayFeed } from '../src/trading/replay.feed.js';
import { MARKET_DATA_DIR } from './support/test-config.js';

const FEE_BPS = 7.5;
const SLIPPAGE_BPS = 2;

interface Intent {
  readonly agentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly confidence: number;
}

/** Simple, deterministic traders of clearly different quality, one per trading seed agent. */
class ReplayTraders {
  private readonly fast = new Map<string, number>();
  private readonly slow = new Map<string, number>();
  private readonly day = new Map<string, number>();
  private bar = 0;

  decide(tick: readonly Candle[]): Intent[] {
    this.bar++;
    const intents: Intent[] = [];
    for (const c of tick) {
      const fast = ewma(this.fast.get(c.symbol), c.close, 6);
      const slow = ewma(this.slow.get(c.symbol), c.close, 24);
      const day = ewma(this.day.get(c.symbol), c.close, 288);
      const wasAbove = (this.fast.get(c.symbol) ?? fast) > (this.slow.get(c.symbol) ?? slow);
      this.fast.set(c.symbol, fast);
      this.slow.set(c.symbol, slow);
      this.day.set(c.symbol, day);
      // Momentum: trade the crossing of a fast and a slow average.
      if (['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].includes(c.symbol) && fast > slow !== wasAbove)
        intents.push({
          agentId: 'freqtrade-hft',
          symbol: c.symbol,
          side: fast > slow ? 'buy' : 'sell',
          confidence: 0.8,
        });
      // Mean reversion around the slow average.
      if (['BTCUSDT', 'ETHUSDT'].includes(c.symbol) && Math.abs(c.close / slow - 1) > 0.004)
        intents.push({
          agentId: 'hummingbot-mm',
          symbol: c.symbol,
          side: c.close < slow ? 'buy' : 'sell',
          confidence: 0.5,
        });
      // Slow trend, looked at every three hours.
      if (this.bar % 36 === 0)
        intents.push({
          agentId: 'deepseek-v3',
          symbol: c.symbol,
          side: c.close > day ? 'buy' : 'sell',
          confidence: 1,
        });
    }
    // Churn: flips ADA every bar and pays the fees for it.
    intents.push({
      agentId: 'fingpt',
      symbol: 'ADAUSDT',
      side: this.bar % 2 ? 'buy' : 'sell',
      confidence: 1,
    });
    return intents;
  }
}

function ewma(previous: number | undefined, value: number, period: number): number {
  const alpha = 2 / (period + 1);
  return previous === undefined ? value : previous + alpha * (value - previous);
}

interface ReplayOutcome {
  readonly ledgers: LedgerState[];
  readonly targets: Map<string, number[]>;
  readonly returns: Map<string, number>;
  readonly bars: number;
}

/** The bundled month through the real engine, on a manual clock, with order ids from signal ids. */
function replayMonth(): ReplayOutcome {
  const settings = testEngineSettings({ performanceWindow: 288 });
  const engine = new PortfolioEngine(settings, PortfolioEngine.opening(settings, 100_000));
  const data = MarketDataSet.load({ dir: MARKET_DATA_DIR, symbols: SYMBOLS, gapPolicy: 'refuse' });
  const timeline = new MarketTimeline(ReplayFeed.startTime(data));
  const feed = new ReplayFeed(data, timeline);
  const clock = timeline.clock;
  let tick: readonly Candle[] = [];
  feed.onTick((t) => (tick = t));
  const traders = new ReplayTraders();
  const targets = new Map(SEED_ROSTER.map((a) => [a.id, [] as number[]]));
  const price = (s: string) => feed.lastPrice(s);
  let bars = 0;
  while (feed.step()) {
    bars++;
    for (const [n, intent] of traders.decide(tick).entries()) {
      const proposal = engine.propose({ id: `${bars}-${n}`, ...intent }, price, clock.now());
      if (proposal.kind !== 'order') continue;
      const { order } = proposal;
      const mark = price(order.symbol) ?? NaN;
      const fillPrice = mark * (1 + ((order.side === 'buy' ? 1 : -1) * SLIPPAGE_BPS) / 10_000);
      engine.book(order.agentId, {
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        price: fillPrice,
        feeUsd: (fillPrice * order.quantity * FEE_BPS) / 10_000,
        ts: clock.now(),
      });
    }
    if (bars % 2 === 0) {
      engine.observe(price, clock.now());
      engine.samplePerformance(price);
    }
    if (bars % 12 === 0 || engine.needsRebalance(price)) engine.rebalance(price, 'replay');
    for (const agent of SEED_ROSTER)
      targets.get(agent.id)?.push(engine.allocation(agent.id)?.targetPct ?? 0);
  }
  const returns = new Map(
    [...engine.allLedgers()]
      .filter((l) => l.contributedUsd > 0)
      .map((l) => [l.agentId, l.pnlUsd(price) / l.contributedUsd]),
  );
  return { ledgers: [...engine.allLedgers()].map((l) => l.snapshot()), targets, returns, bars };
}

describe('a replay of the bundled month through the portfolio engine', () => {
  let first: ReplayOutcome;
  beforeAll(() => {
    first = replayMonth();
  });

  it('covers the whole month after the warm-up', () => {
    expect(first.bars).toBe(8_928 - REPLAY_WARMUP_BARS);
  });

  it('moves allocations toward the better agents, always within floors and caps', () => {
    const base = PortfolioEngine.opening(testEngineSettings(), 100_000).allocations;
    const baseOf = new Map(base.map((a) => [a.agentId, a.targetPct]));
    for (const agent of SEED_ROSTER) {
      const role = SEED_ROLES.find((r) => r.role === agent.role);
      const bounds = DEFAULT_ALLOCATION_POLICY.bounds[agent.role];
      for (const t of first.targets.get(agent.id) ?? []) {
        if (!role?.trades) expect(t).toBe(0);
        else {
          expect(t).toBeGreaterThanOrEqual(bounds.floorPct - 1e-9);
          expect(t).toBeLessThanOrEqual(bounds.capPct + 1e-9);
        }
      }
    }
    // Time-averaged tilt from the base share, against each agent's return over the month.
    const tilt = (id: string) => {
      const series = first.targets.get(id) ?? [];
      return series.reduce((a, b) => a + b, 0) / series.length - (baseOf.get(id) ?? 0);
    };
    const ranked = [...first.returns].sort((a, b) => b[1] - a[1]);
    const [best] = ranked[0];
    const [worst] = ranked[ranked.length - 1];
    expect(tilt(best)).toBeGreaterThan(tilt(worst));
    expect(tilt(worst)).toBeLessThan(0);
    // Capital moved for real: some target left its opening value by more than the hysteresis.
    const moved = SEED_ROSTER.some((a) =>
      (first.targets.get(a.id) ?? []).some((t) => Math.abs(t - (baseOf.get(a.id) ?? 0)) > 1),
    );
    expect(moved).toBe(true);
  });

  it('gives identical ledgers when run twice with the same inputs', () => {
    const second = replayMonth();
    expect(second.ledgers).toEqual(first.ledgers);
    expect(second.targets).toEqual(first.targets);
    expect(first.ledgers.some((l) => l.positions.length > 0 || l.feesUsd > 0)).toBe(true);
  });
});
