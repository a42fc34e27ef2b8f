import fc from 'fast-check';
import { SEED_ROSTER, SYMBOLS } from '../config/roster.js';
import { PORTFOLIO_BREAKER } from './drawdown-breaker.js';
import { testEngineSettings } from './engine.fixture.js';
import { PortfolioEngine } from './portfolio-engine.js';

const FEE_BPS = 7.5;
const SLIPPAGE_BPS = 2;
const CENT = 0.005;
/** 100 runs of 1,000 steps each; PROPERTY_RUNS shortens it while debugging. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

/** Plain checks in the hot loop: `expect` costs more than the engine itself. */
function check(holds: boolean, what: string): void {
  if (!holds) throw new Error(what);
}

type Step =
  | { kind: 'price'; symbol: number; movePct: number }
  | { kind: 'signal'; agent: number; symbol: number; buy: boolean; confidence: number }
  | { kind: 'rebalance' }
  | { kind: 'halt' }
  | { kind: 'reset'; agent: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 60,
    arbitrary: fc.record({
      kind: fc.constant('price' as const),
      symbol: fc.nat(4),
      movePct: fc.integer({ min: -200, max: 200 }).map((m) => m / 100),
    }),
  },
  {
    weight: 120,
    arbitrary: fc.record({
      kind: fc.constant('signal' as const),
      agent: fc.nat(5),
      symbol: fc.nat(4),
      buy: fc.boolean(),
      confidence: fc.integer({ min: 0, max: 100 }).map((c) => c / 100),
    }),
  },
  { weight: 20, arbitrary: fc.constant({ kind: 'rebalance' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'halt' as const }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('reset' as const), agent: fc.nat(6) }) },
);

/**
 * 100 runs × 1,000 random steps = 100,000 random signals, price moves, fills, rebalances, halts and
 * resets through the real engine: after every step the sub-ledgers and the reserve add up to the
 * account to the cent, no agent overdraws, every buy leaves symbol and gross exposure within their
 * limits, the order rate holds, and tripped breakers let through only sells (orders that cut exposure).
 */
describe('PortfolioEngine under 100,000 random steps', () => {
  it('never exceeds a risk limit and keeps the ledgers summing to the account', () => {
    let orders = 0;
    let buys = 0;
    let refusedByBreaker = 0;
    const reasons = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1_000, maxLength: 1_000 }),
        fc.constantFrom('halted' as const, 'reduce-only' as const),
        fc.array(
          fc.integer({ min: 30, max: 6_000_000 }).map((p) => p / 100),
          { minLength: 5, maxLength: 5 },
        ),
        (steps, mode, opening) => {
          const settings = testEngineSettings({
            breakerMode: mode,
            agentMaxDrawdownPct: 8,
            portfolioMaxDrawdownPct: 10,
            limits: {
              maxGrossExposurePct: 60,
              maxSymbolExposurePct: 25,
              maxOrdersPerMinute: 20,
              costBufferBps: FEE_BPS + SLIPPAGE_BPS,
            },
          });
          const engine = new PortfolioEngine(settings, PortfolioEngine.opening(settings, 100_000));
          const marks = new Map(SYMBOLS.map((s, i) => [s as string, opening[i]]));
          const price = (s: string) => marks.get(s);
          const orderTimes = new Map<string, number[]>();
          let now = 1_700_000_000_000;
          let n = 0;
          for (const s of steps) {
            now += 1_000;
            n++;
            if (s.kind === 'price') {
              const symbol = SYMBOLS[s.symbol];
              marks.set(symbol, (marks.get(symbol) ?? 1) * (1 + s.movePct / 100));
              engine.observe(price, now);
            } else if (s.kind === 'rebalance') {
              engine.samplePerformance(price);
              engine.rebalance(price, 'test');
            } else if (s.kind === 'halt') {
              engine.halt('test halt', now);
            } else if (s.kind === 'reset') {
              engine.reset(s.agent === 6 ? PORTFOLIO_BREAKER : SEED_ROSTER[s.agent].id);
            } else {
              const agentId = SEED_ROSTER[s.agent].id;
              const symbol = SYMBOLS[s.symbol];
              const portfolioState = engine.breaker(PORTFOLIO_BREAKER)?.state;
              const agentState = engine.breaker(agentId)?.state;
              const proposal = engine.propose(
                {
                  id: `s${n}`,
                  agentId,
                  symbol,
                  side: s.buy ? 'buy' : 'sell',
                  confidence: s.confidence,
                },
                price,
                now,
              );
              if (proposal.kind === 'refused')
                reasons.set(
                  proposal.reason.replace(/[0-9.]+/g, ''),
                  (reasons.get(proposal.reason.replace(/[0-9.]+/g, '')) ?? 0) + 1,
                );
              if (proposal.kind === 'refused' && /breaker|reduce-only/.test(proposal.reason))
                refusedByBreaker++;
              if (proposal.kind !== 'order') continue;
              const { order } = proposal;
              orders++;
              // A tripped breaker of either kind stops new risk; a sell (cutting a held position) passes.
              if (order.side === 'buy') {
                check(
                  portfolioState === 'ok' && agentState === 'ok',
                  'a buy past a tripped breaker',
                );
              }
              const times = (orderTimes.get(agentId) ?? []).filter((t) => t > now - 60_000);
              times.push(now);
              orderTimes.set(agentId, times);
              check(
                times.length <= settings.limits.maxOrdersPerMinute,
                `${agentId} over the order rate`,
              );
              const mark = marks.get(symbol) ?? NaN;
              const fillPrice =
                mark * (1 + ((order.side === 'buy' ? 1 : -1) * SLIPPAGE_BPS) / 10_000);
              engine.book(agentId, {
                symbol,
                side: order.side,
                quantity: order.quantity,
                price: fillPrice,
                feeUsd: (fillPrice * order.quantity * FEE_BPS) / 10_000,
                ts: now,
              });
              if (order.side === 'buy') {
                buys++;
                const equity = engine.equityUsd(price);
                let gross = 0;
                let inSymbol = 0;
                for (const l of engine.allLedgers()) {
                  gross += l.exposureUsd(price);
                  inSymbol += l.symbolExposureUsd(symbol, price);
                }
                check(
                  inSymbol <= (equity * settings.limits.maxSymbolExposurePct) / 100 + CENT,
                  `${symbol} concentration ${inSymbol} of ${equity}`,
                );
                check(
                  gross <= (equity * settings.limits.maxGrossExposurePct) / 100 + CENT,
                  `gross exposure ${gross} of ${equity}`,
                );
              }
            }
            for (const l of engine.allLedgers()) check(l.cashUsd >= -CENT, `${l.agentId} overdrew`);
            check(engine.reserveUsd >= -CENT, 'the reserve overdrew');
            const gap = engine.reconcile();
            check(Math.abs(gap.cashUsd) < CENT, `ledgers off the account by ${gap.cashUsd} USD`);
            for (const [sym, q] of Object.entries(gap.quantities))
              check(Math.abs(q) < 1e-9, `ledgers off the account by ${q} ${sym}`);
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The limits were exercised, not dodged: orders went through and breakers refused some.
    expect(buys).toBeGreaterThan(50 * RUNS);
    expect(orders).toBeGreaterThan(buys);
    expect(refusedByBreaker).toBeGreaterThan(0);
    expect([...reasons.keys()]).toEqual(
      expect.arrayContaining([
        'gross exposure limit reached',
        'symbol concentration limit reached',
      ]),
    );
  });
});
