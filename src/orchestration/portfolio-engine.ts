import type { AgentDefinition, RoleDefinition } from '../config/roster.js';
import {
  clientOrderId,
  type EngineSettings,
  type EngineState,
  type Proposal,
  type Rebalance,
  type SignalIntent,
  type Transfer,
} from './engine-contract.js';
import { AccountBook } from './account-book.js';
import { AgentLedger, type LedgerFill, type LedgerState, type PriceOf } from './agent-ledger.js';
import { planTargets, smoothTargets, type AllocationTarget } from './allocation-planner.js';
import { CrossingDetector, type Crossing } from './crossing-detector.js';
import {
  DrawdownBreaker,
  PORTFOLIO_BREAKER,
  stricter,
  type BreakerSnapshot,
} from './drawdown-breaker.js';
import { sizeOrder } from './order-sizer.js';
import { PerformanceScore, WORST_MULTIPLIER } from './performance-score.js';
import { exitOrders, proRataReduction, type ReductionOrder } from './position-reductions.js';
import { PreTradeRiskCheck, type Committed } from './pre-trade-risk.js';

const NOTHING_COMMITTED: Committed = { cashUsd: 0, quantity: 0 };

/** Transfers smaller than this are not worth a row. */
const MIN_TRANSFER_USD = 1;

/**
 * The portfolio's decisions, with no I/O: sizing and pre-trade risk of every signal, booking fills to
 * the agent's sub-ledger and the account, breakers, performance, and rebalancing. The service persists
 * what it returns; replays and tests drive it directly.
 */
export class PortfolioEngine {
  readonly risk: PreTradeRiskCheck;
  readonly crossings: CrossingDetector;
  private readonly performance: PerformanceScore;
  private readonly agents: ReadonlyMap<string, AgentDefinition>;
  private readonly roles: ReadonlyMap<string, RoleDefinition>;
  private readonly ledgers = new Map<string, AgentLedger>();
  private readonly breakers = new Map<string, DrawdownBreaker>();
  private readonly modelCost = new Map<string, number>();
  private readonly account: AccountBook;
  private allocations = new Map<string, AllocationTarget>();
  /** Agents new to a resumed portfolio, waiting for the rebalance that gives them a target. */
  private readonly joining = new Set<string>();
  private reserve: number;
  readonly initialCapitalUsd: number;

  constructor(
    readonly settings: EngineSettings,
    state: EngineState,
  ) {
    this.agents = new Map(settings.roster.map((a) => [a.id, a]));
    this.roles = new Map(settings.roles.map((r) => [r.role, r]));
    this.risk = new PreTradeRiskCheck(settings.limits);
    this.crossings = new CrossingDetector(settings.crossingWindowMs);
    this.performance = new PerformanceScore(settings.performanceWindow);
    this.initialCapitalUsd = state.initialCapitalUsd;
    this.reserve = state.reserveUsd;
    this.allocations = new Map(state.allocations.map((a) => [a.agentId, a]));
    for (const l of state.ledgers) this.ledgers.set(l.agentId, new AgentLedger(l));
    // An agent added to the roster since the portfolio opened (a seat) starts empty, with no target;
    // the next drift check rebalances to fund it.
    for (const a of settings.roster) {
      if (this.allocations.has(a.id) && this.ledgers.has(a.id)) continue;
      this.joining.add(a.id);
      if (!this.ledgers.has(a.id)) this.ledgers.set(a.id, AgentLedger.opening(a.id, 0));
      if (!this.allocations.has(a.id))
        this.allocations.set(a.id, { agentId: a.id, targetPct: 0, capitalUsd: 0 });
    }
    for (const [id, usd] of Object.entries(state.modelCostUsd)) this.modelCost.set(id, usd);
    this.account = new AccountBook(state.account.cashUsd, state.account.holdings);
    const saved = new Map(state.breakers.map((b) => [b.id, b]));
    for (const id of [PORTFOLIO_BREAKER, ...settings.roster.map((a) => a.id)]) {
      const limit =
        id === PORTFOLIO_BREAKER ? settings.portfolioMaxDrawdownPct : settings.agentMaxDrawdownPct;
      const warning =
        id === PORTFOLIO_BREAKER ? settings.portfolioWarningPct : settings.agentWarningPct;
      this.breakers.set(
        id,
        new DrawdownBreaker(id, limit, settings.breakerMode, saved.get(id), warning),
      );
    }
  }

  /** A new portfolio: the opening split by role weight, each agent's capital in its ledger. */
  static opening(settings: EngineSettings, capitalUsd: number): EngineState {
    const targets = planTargets(settings.roster, settings.roles, new Map(), settings.policy);
    const allocations = settings.roster.map((a) => {
      const targetPct = targets.get(a.id) ?? 0;
      return { agentId: a.id, targetPct, capitalUsd: (capitalUsd * targetPct) / 100 };
    });
    const deployed = allocations.reduce((sum, a) => sum + a.capitalUsd, 0);
    return {
      initialCapitalUsd: capitalUsd,
      reserveUsd: capitalUsd - deployed,
      allocations,
      ledgers: allocations.map((a) => AgentLedger.opening(a.agentId, a.capitalUsd).snapshot()),
      breakers: [],
      modelCostUsd: {},
      account: { cashUsd: capitalUsd, holdings: {} },
    };
  }

  get reserveUsd(): number {
    return this.reserve;
  }

  ledger(agentId: string): AgentLedger | undefined {
    return this.ledgers.get(agentId);
  }

  allLedgers(): IterableIterator<AgentLedger> {
    return this.ledgers.values();
  }

  allocation(agentId: string): AllocationTarget | undefined {
    return this.allocations.get(agentId);
  }

  breaker(id: string): DrawdownBreaker | undefined {
    return this.breakers.get(id);
  }

  allBreakers(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => b.snapshot());
  }

  /**
   * The sells a tripped `flatten` breaker places: every position of the agent, or of every agent for
   * the portfolio's. Each agent's own ledger only, so another agent's holding of the same symbol stays.
   */
  exitOrders(breakerId: string, now: number): ReductionOrder[] {
    const ledgers =
      breakerId === PORTFOLIO_BREAKER
        ? [...this.ledgers.values()]
        : [this.ledgers.get(breakerId)].filter((l) => l !== undefined);
    return ledgers.flatMap((l) =>
      exitOrders(l, `flatten-${breakerId}-${now}`, `flatten: breaker ${breakerId} tripped`),
    );
  }

  /**
   * Sells, pro rata across its positions, for each agent holding more than its target by over the
   * hysteresis and too little cash to hand the excess back: after they fill, a rebalance can take the
   * capital. Nothing when `reducePositions` is off.
   */
  reductionOrders(price: PriceOf, now: number): ReductionOrder[] {
    if (!this.settings.reducePositions) return [];
    const equity = this.equityUsd(price);
    const orders: ReductionOrder[] = [];
    for (const [id, ledger] of this.ledgers) {
      const target = (equity * (this.allocations.get(id)?.targetPct ?? 0)) / 100;
      const excess = ledger.equityUsd(price) - target;
      if (excess < (equity * this.settings.policy.hysteresisPct) / 100) continue;
      const short = excess - Math.max(0, ledger.cashUsd);
      orders.push(
        ...proRataReduction(
          ledger,
          short,
          price,
          `rebalance-${id}-${now}`,
          `rebalance: ${id} holds ${excess.toFixed(2)} USD over its target and too little cash`,
        ),
      );
    }
    return orders;
  }

  /** Breakers past their warning level and not yet tripped. */
  warnings(): string[] {
    return [...this.breakers.values()].filter((b) => b.warning()).map((b) => b.id);
  }

  modelCostUsd(agentId: string): number {
    return this.modelCost.get(agentId) ?? 0;
  }

  equityUsd(price: PriceOf): number {
    let equity = this.reserve;
    for (const l of this.ledgers.values()) equity += l.equityUsd(price);
    return equity;
  }

  /** Sizes a signal within the agent's capital and runs the pre-trade checks. */
  /**
   * `committed`: what the agent's open orders (waiting for a later bar) already hold of its cash and of
   * this symbol, so two open orders never spend the same dollar or sell the same coin.
   */
  propose(
    signal: SignalIntent,
    price: PriceOf,
    now: number,
    committed: Committed = NOTHING_COMMITTED,
  ): Proposal {
    const agent = this.agents.get(signal.agentId);
    const role = agent && this.roles.get(agent.role);
    const ledger = this.ledgers.get(signal.agentId);
    const mark = price(signal.symbol);
    if (!agent || !role?.trades || !ledger || mark === undefined) return { kind: 'ignored' };
    const quantity = sizeOrder({
      side: signal.side,
      confidence: signal.confidence,
      price: signal.limitPrice ?? mark,
      capitalUsd: Math.max(0, ledger.equityUsd(price)),
      maxOrderFraction: role.maxOrderFraction,
      cashUsd: ledger.cashUsd - committed.cashUsd,
      heldQuantity: ledger.quantity(signal.symbol) - committed.quantity,
      feeBps: this.settings.feeBps,
    });
    if (quantity === 0) return { kind: 'ignored' };
    const breaker = stricter(
      this.breakers.get(PORTFOLIO_BREAKER)?.state ?? 'ok',
      this.breakers.get(agent.id)?.state ?? 'ok',
    );
    const decision = this.risk.check(
      { agentId: agent.id, symbol: signal.symbol, side: signal.side, quantity },
      {
        agent: ledger,
        ledgers: this.ledgers.values(),
        reserveUsd: this.reserve,
        price,
        breaker,
        now,
        committed,
      },
    );
    if (!decision.approved) return { kind: 'refused', reason: decision.reason };
    this.risk.recordOrder(agent.id, now);
    return {
      kind: 'order',
      order: {
        clientOrderId: clientOrderId(agent.id, signal.id),
        agentId: agent.id,
        symbol: signal.symbol,
        side: signal.side,
        quantity: decision.quantity,
        limitedBy: decision.limitedBy,
        limitPrice: signal.limitPrice,
      },
    };
  }

  /**
   * What booking the fill would leave, changing nothing: the agent's ledger after it and the crossings
   * it makes. The service commits this, then books, so a fill is never visible before it is stored.
   */
  previewFill(
    agentId: string,
    fill: LedgerFill & { readonly ts: number },
  ): { ledger: LedgerState; crossings: Crossing[] } {
    const ledger = this.ledgers.get(agentId);
    if (!ledger) throw new Error(`no ledger for ${agentId}`);
    const after = new AgentLedger(ledger.snapshot());
    after.apply(fill);
    return { ledger: after.snapshot(), crossings: this.crossings.preview({ agentId, ...fill }) };
  }

  /** Books a fill to the agent whose signal caused it, and to the account. */
  book(agentId: string, fill: LedgerFill & { readonly ts: number }): Crossing[] {
    const ledger = this.ledgers.get(agentId);
    if (!ledger) throw new Error(`no ledger for ${agentId}`);
    ledger.apply(fill); // checks before it changes anything, so a refused fill leaves no trace
    this.account.apply(fill);
    return this.crossings.observe({ agentId, ...fill });
  }

  chargeModelCost(agentId: string, costUsd: number): void {
    if (!this.agents.has(agentId) || !(costUsd > 0)) return;
    this.modelCost.set(agentId, this.modelCostUsd(agentId) + costUsd);
  }

  /** Difference between the account and the sub-ledgers plus the reserve (0 when they agree). */
  reconcile(): { cashUsd: number; quantities: Record<string, number> } {
    let cash = this.reserve;
    const held = new Map<string, number>();
    for (const l of this.ledgers.values()) {
      cash += l.cashUsd;
      for (const s of l.symbols()) held.set(s, (held.get(s) ?? 0) + l.quantity(s));
    }
    const quantities: Record<string, number> = {};
    for (const s of new Set([...held.keys(), ...this.account.symbols()]))
      quantities[s] = this.account.quantity(s) - (held.get(s) ?? 0);
    return { cashUsd: this.account.cashUsd - cash, quantities };
  }

  /** Feeds breakers the latest PnL; returns the breakers this observation tripped. */
  observe(price: PriceOf, now: number): BreakerSnapshot[] {
    const tripped: BreakerSnapshot[] = [];
    const portfolio = this.breakers.get(PORTFOLIO_BREAKER);
    if (
      portfolio?.observe(
        this.equityUsd(price) - this.initialCapitalUsd,
        this.initialCapitalUsd,
        now,
      )
    )
      tripped.push(portfolio.snapshot());
    for (const [id, ledger] of this.ledgers) {
      const breaker = this.breakers.get(id);
      const pnl = ledger.pnlUsd(price) - this.modelCostUsd(id);
      if (ledger.contributedUsd > 0 && breaker?.observe(pnl, ledger.contributedUsd, now))
        tripped.push(breaker.snapshot());
    }
    return tripped;
  }

  /** Adds one point to every trading agent's performance window. */
  samplePerformance(price: PriceOf): void {
    for (const [id, ledger] of this.ledgers) {
      if (ledger.contributedUsd <= 0) continue;
      this.performance.record(
        id,
        ledger.pnlUsd(price) - this.modelCostUsd(id),
        ledger.contributedUsd,
      );
    }
  }

  performanceMultiplier(agentId: string): number {
    return this.performance.multiplier(agentId);
  }

  /** Each agent's actual share of equity minus its target, in points. */
  drift(price: PriceOf): Map<string, number> {
    const equity = this.equityUsd(price);
    const drift = new Map<string, number>();
    for (const [id, ledger] of this.ledgers) {
      const actual = equity > 0 ? (ledger.equityUsd(price) / equity) * 100 : 0;
      drift.set(id, actual - (this.allocations.get(id)?.targetPct ?? 0));
    }
    return drift;
  }

  needsRebalance(price: PriceOf): boolean {
    if (this.joining.size > 0) return true;
    for (const d of this.drift(price).values())
      if (Math.abs(d) > this.settings.driftBoundPct) return true;
    return false;
  }

  /**
   * New targets (by performance, or the role weights when `static`; with hysteresis and the turnover
   * cap), then cash moved toward them: first taken from agents above target (the cash they hold; the
   * service sells positions first, see `reductionOrders`), then handed to agents below target from what
   * the reserve holds beyond its share of equity — so the reserve follows equity up and down. A tripped
   * agent gets nothing new. `replan` false moves cash toward the targets already set.
   */
  rebalance(
    price: PriceOf,
    reason: string,
    replan = true,
    /** Cash an agent's open orders hold, which a rebalance leaves where it is. */
    committedCash: (agentId: string) => number = () => 0,
  ): Rebalance | null {
    const ids = this.settings.roster.map((a) => a.id);
    const current = new Map(ids.map((id) => [id, this.allocations.get(id)?.targetPct ?? 0]));
    const targets = replan ? this.plan(ids, current) : current;
    if (replan) this.joining.clear();
    const equity = this.equityUsd(price);
    const transfers: Transfer[] = [];
    for (const id of ids) {
      const ledger = this.ledgers.get(id);
      if (!ledger) continue;
      const excess = ledger.equityUsd(price) - (equity * (targets.get(id) ?? 0)) / 100;
      const amount = Math.min(excess, Math.max(0, ledger.cashUsd - committedCash(id)));
      if (amount >= MIN_TRANSFER_USD) transfers.push({ agentId: id, amountUsd: -amount });
    }
    const released = transfers.reduce((sum, t) => sum - t.amountUsd, 0);
    const spare = this.reserve + released - (equity * this.settings.policy.cashReservePct) / 100;
    const wants = ids
      .map((id) => {
        const ledger = this.ledgers.get(id);
        const want = ledger ? (equity * (targets.get(id) ?? 0)) / 100 - ledger.equityUsd(price) : 0;
        return { id, want: this.breakers.get(id)?.state === 'ok' ? want : 0 };
      })
      .filter((w) => w.want >= MIN_TRANSFER_USD);
    const wanted = wants.reduce((sum, w) => sum + w.want, 0);
    const scale = wanted > 0 ? Math.max(0, Math.min(1, spare / wanted)) : 0;
    for (const w of wants)
      if (w.want * scale >= MIN_TRANSFER_USD)
        transfers.push({ agentId: w.id, amountUsd: w.want * scale });
    const affected = new Set(transfers.map((t) => t.agentId));
    for (const id of ids)
      if (Math.abs((targets.get(id) ?? 0) - (current.get(id) ?? 0)) >= 0.01) affected.add(id);
    if (affected.size === 0) return null;
    for (const t of transfers) {
      this.ledgers.get(t.agentId)?.transfer(t.amountUsd);
      this.reserve -= t.amountUsd;
    }
    const allocations = ids.map((id) => ({
      agentId: id,
      targetPct: targets.get(id) ?? 0,
      capitalUsd: (equity * (targets.get(id) ?? 0)) / 100,
    }));
    this.allocations = new Map(allocations.map((a) => [a.agentId, a]));
    const fromPct = ids.map((id) => current.get(id) ?? 0);
    return { reason, allocations, fromPct, transfers, affected: [...affected] };
  }

  private plan(ids: string[], current: ReadonlyMap<string, number>): Map<string, number> {
    const multipliers =
      this.settings.allocationMode === 'performance'
        ? this.performance.multipliers(ids)
        : new Map<string, number>();
    // A tripped agent that sold out earns nothing and so would score neutral: it ranks last instead.
    for (const id of ids)
      if (this.breakers.get(id)?.state !== 'ok') multipliers.set(id, WORST_MULTIPLIER);
    const planned = planTargets(
      this.settings.roster,
      this.settings.roles,
      multipliers,
      this.settings.policy,
    );
    return smoothTargets(current, planned, this.settings.policy);
  }

  /** The admin's stop: the portfolio breaker, halted, whatever the configured mode. */
  halt(reason: string, now: number): BreakerSnapshot {
    const breaker = this.breakers.get(PORTFOLIO_BREAKER) as DrawdownBreaker;
    breaker.trip(reason, now, 'halted');
    return breaker.snapshot();
  }

  reset(id: string): BreakerSnapshot | undefined {
    const breaker = this.breakers.get(id);
    breaker?.reset();
    return breaker?.snapshot();
  }
}
