import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  OnDomainEvent,
  type StandInSteppedAsideEvent,
  type ModelCostEvent,
} from '../platform/domain-events.js';
import { AppConfig } from '../config/app-config.js';
import type { MessageEnvelope } from '../communication/message-envelope.js';
import { Clock } from '../platform/clock.js';
import { StorageHealth } from '../platform/storage-health.js';
import type { Side } from '../config/roster.js';
import { Broker, type Fill } from '../trading/broker.js';
import { TradingError, TradingErrorCode } from '../trading/trading.error.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import type { AgentLedger, PriceOf } from './agent-ledger.js';
import type { AllocationTarget } from './allocation-planner.js';
import { PORTFOLIO_BREAKER, type BreakerSnapshot } from './drawdown-breaker.js';
import { engineSettings } from './engine-settings.js';
import type { ExecutionDecision } from './execution-decision.js';
import type { ExternalFillOutcome } from './external-fills.js';
import { OrchestrationError } from './orchestration.error.js';
import { OpenOrders, openOrder, orderRequest } from './open-orders.js';
import { clientOrderId, type OrderIntent, type Rebalance } from './engine-contract.js';
import { PortfolioEngine } from './portfolio-engine.js';
import type { ReductionOrder } from './position-reductions.js';
import type { BreakerDto, PortfolioStatusDto } from './portfolio.dto.js';
import { PortfolioRepository, type OrderRecord } from './portfolio.repository.js';
import {
  allocationOf,
  breakerDto,
  ledgerOf,
  equityMarks,
  portfolioStatus,
  type EquityMarks,
  type PortfolioViewInput,
} from './portfolio-view.js';
import { SelfExecutingAgents } from './self-executing-agents.js';

const IGNORED =
  'nothing to trade: the role does not trade, the symbol has no price yet, or the size came to zero';

/** A breaker's peak is written down at most once an hour of market time when nothing trips (it only guides a restart). */
const PEAK_PERSIST_MS = 60 * 60_000;

/**
 * The shared account around the pure `PortfolioEngine`: it executes the signals of agents whose role
 * trades, persists every order, fill, rebalance and breaker change before acknowledging it, and gives
 * operators the portfolio's view. Signals arrive one at a time from the bus, so two orders never race on
 * one ledger; a rebalance waits while an order is in flight.
 */
@Injectable()
export class PortfolioService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PortfolioService.name);
  private engine!: PortfolioEngine;
  private readonly fills = new Map<string, number>();
  private readonly open = new OpenOrders();
  private inFlight = 0;
  private peaksSavedAt = -Infinity;
  /** Breakers whose trip flattened their scope, until reset. */
  private readonly flattenedBy = new Set<string>();
  private unwatchMarket: (() => void) | undefined;
  /** The operators' view, kept until a price or a ledger changes: reads never recompute it. */
  private statusSnapshot: PortfolioStatusDto | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: PortfolioRepository,
    private readonly broker: Broker,
    private readonly feed: MarketDataFeed,
    private readonly storage: StorageHealth,
    private readonly selfExecuting: SelfExecutingAgents,
  ) {}

  onModuleInit(): void {
    const settings = engineSettings(this.config);
    let state = this.repository.load();
    if (!state) {
      state = PortfolioEngine.opening(settings, this.config.trading.initialCapitalUsd);
      this.repository.open(state, this.clock.now());
      this.logger.log(
        `opened a paper portfolio of ${state.initialCapitalUsd} USD across ${state.allocations.length} agents`,
      );
    }
    const abandoned = this.repository.abandonUnanswered();
    if (abandoned > 0)
      this.logger.warn(`${abandoned} order(s) unanswered before a restart: abandoned`);
    this.engine = new PortfolioEngine(settings, state);
    for (const [agentId, count] of this.repository.fillCountsByAgent())
      this.fills.set(agentId, count);
    // Every mark changes the view and re-evaluates drawdown, before any agent acts on the bar.
    this.unwatchMarket = this.feed.onTick(() => {
      this.changed();
      this.observeBreakers();
    });
  }

  onModuleDestroy(): void {
    this.unwatchMarket?.();
  }

  /** What the sub-ledgers hold together, per symbol: what the venue's account must show. */
  heldPositions(): { symbol: string; quantity: number }[] {
    const positions = new Map<string, number>();
    for (const ledger of this.engine.allLedgers())
      for (const symbol of ledger.symbols())
        positions.set(symbol, (positions.get(symbol) ?? 0) + ledger.quantity(symbol));
    return [...positions].map(([symbol, quantity]) => ({ symbol, quantity }));
  }

  get mode(): 'paper' | 'live' {
    return this.broker.mode;
  }

  readonly price: PriceOf = (symbol) => this.feed.lastPrice(symbol);

  /**
   * Turns an agent's signal into an order sized and checked within its limits, and books the fill once
   * it is stored. Paused while SQLite writes fail: no order goes out that could not be recorded. With a
   * paper broker the fill, and so the decision, comes with a later bar; meanwhile the order's cash (or
   * coins) are committed, so the agent's next signals are sized with what is left.
   */
  async execute(signal: MessageEnvelope): Promise<ExecutionDecision> {
    if (!signal.symbol || !signal.side)
      return { status: 'ignored', reason: 'a signal needs a symbol and a side' };
    if (!this.storage.writable)
      return { status: 'refused', reason: 'trading is paused: the database refuses writes' };
    const { limitPrice } = signal;
    if (limitPrice !== undefined && !(limitPrice > 0 && Number.isFinite(limitPrice)))
      return { status: 'refused', reason: 'a quote needs a positive limit price' };
    const now = this.clock.now();
    if (limitPrice !== undefined) this.withdrawQuote(signal.from, signal.symbol, signal.side);
    const proposal = this.engine.propose(
      {
        id: signal.id,
        agentId: signal.from,
        symbol: signal.symbol,
        side: signal.side,
        confidence: signal.confidence ?? 0.5,
        limitPrice,
      },
      this.price,
      now,
      this.open.committed(signal.from, signal.symbol),
    );
    if (proposal.kind === 'refused') {
      this.logger.debug?.(`signal ${signal.id} of ${signal.from} refused: ${proposal.reason}`);
      return { status: 'refused', reason: proposal.reason };
    }
    if (proposal.kind !== 'order') return { status: 'ignored', reason: IGNORED };
    return this.place(proposal.order, signal.id, now, signal.correlationId);
  }

  /**
   * The one order path, for agents' signals and the portfolio's own sells alike: recorded, sent, and its
   * fill stored before it is booked.
   */
  private async place(
    intent: OrderIntent,
    signalId: string,
    now: number,
    correlationId?: string,
  ): Promise<ExecutionDecision> {
    const order: OrderRecord = {
      clientOrderId: intent.clientOrderId,
      agentId: intent.agentId,
      symbol: intent.symbol,
      side: intent.side,
      quantity: intent.quantity,
      signalId,
      correlationId,
      createdAt: now,
    };
    if (!this.durably(() => this.repository.recordOrder(order)))
      return this.storage.writable
        ? { status: 'duplicate', clientOrderId: order.clientOrderId } // the same signal twice
        : { status: 'refused', reason: 'trading is paused: the database refuses writes' };
    this.inFlight++;
    this.open.add(
      openOrder(intent, this.price(order.symbol), this.engine.settings.limits.costBufferBps),
    );
    try {
      let fill: Fill;
      try {
        fill = await this.broker.submit(orderRequest(intent));
      } catch (error) {
        const cancelled =
          error instanceof TradingError && error.code === TradingErrorCode.Cancelled;
        this.durably(() => this.repository.markOrder(order, cancelled ? 'cancelled' : 'rejected'));
        if (cancelled) this.logger.debug?.(`order ${order.clientOrderId} ${error.message}`);
        else this.logger.warn(`order ${order.clientOrderId} rejected: ${String(error)}`);
        return { status: 'rejected', clientOrderId: order.clientOrderId, reason: String(error) };
      } finally {
        this.open.remove(order.clientOrderId);
      }
      // Stored first, booked after: a fill the disk refused is never shown. Its order stays
      // `submitted` (abandoned at the next start; a live exchange's copy is settled by reconciliation).
      const after = this.engine.previewFill(order.agentId, fill);
      if (
        !this.durably(() => this.repository.recordFill(order, fill, after.ledger, after.crossings))
      )
        return {
          status: 'rejected',
          clientOrderId: order.clientOrderId,
          reason: 'filled, but the fill could not be stored: it is settled at the next start',
        };
      const crossings = this.engine.book(order.agentId, fill);
      this.changed();
      this.fills.set(order.agentId, (this.fills.get(order.agentId) ?? 0) + 1);
      this.observeBreakers();
      for (const c of crossings)
        this.logger.warn(
          `${c.buyer} bought ${Number(c.quantity.toPrecision(4))} ${c.symbol} that ${c.seller} sold within a minute: agents trading against each other`,
        );
      return { status: 'filled', clientOrderId: order.clientOrderId, fill };
    } finally {
      this.inFlight--;
    }
  }

  /** The broker fills orders at a later bar: the caller should not hold the next signal back for it. */
  get fillsAtLaterBar(): boolean {
    return this.broker.fillsAtLaterBar;
  }

  /** The stand-in's open orders go with it: the real agent starts from what is booked. */
  @OnDomainEvent('agent.stand-in-stepped-aside')
  cancelStandInOrders(event: StandInSteppedAsideEvent): void {
    for (const order of this.open.of(event.agentId)) {
      this.open.remove(order.clientOrderId);
      this.broker.cancel(order.clientOrderId, 'its stand-in stepped aside for the connected agent');
    }
  }

  /** A new quote replaces the agent's open one on the same symbol and side. */
  private withdrawQuote(agentId: string, symbol: string, side: Side): void {
    const previous = this.open.quote(agentId, symbol, side);
    if (!previous) return;
    // Released now, so the new quote is sized with that cash; its promise settles the order's row.
    this.open.remove(previous.clientOrderId);
    this.broker.cancel(previous.clientOrderId, 'replaced by a new quote');
  }

  /**
   * Books a fill a bot outside the process made on its own (Hummingbot, Freqtrade): stored first, then
   * booked, like an executed signal's. Idempotent on the order id; a fill the sub-ledger cannot take (a
   * sell beyond its holdings) is refused and changes nothing.
   */
  bookExternalFill(order: OrderRecord, fill: Fill): ExternalFillOutcome {
    // The order first: a fill already booked is a duplicate, never previewed against the ledger it changed.
    if (!this.durably(() => this.repository.recordOrder(order)))
      return this.storage.writable
        ? { status: 'duplicate' }
        : { status: 'refused', reason: 'the database refuses writes' };
    let after: ReturnType<PortfolioEngine['previewFill']>;
    try {
      after = this.engine.previewFill(order.agentId, fill);
    } catch (error) {
      this.durably(() => this.repository.markOrder(order, 'rejected'));
      return { status: 'refused', reason: error instanceof Error ? error.message : String(error) };
    }
    if (!this.durably(() => this.repository.recordFill(order, fill, after.ledger, after.crossings)))
      return { status: 'refused', reason: 'the fill could not be stored' };
    this.engine.book(order.agentId, fill);
    this.changed();
    this.fills.set(order.agentId, (this.fills.get(order.agentId) ?? 0) + 1);
    this.observeBreakers();
    return { status: 'booked' };
  }

  /** Halts one agent's breaker (an outside bot gone silent); durable before it returns. */
  haltAgent(agentId: string, reason: string): BreakerDto {
    const breaker = this.engine.breaker(agentId);
    if (!breaker) throw OrchestrationError.unknownAgent(agentId);
    breaker.trip(reason, this.clock.now(), 'halted');
    this.changed();
    this.durably(() =>
      this.repository.saveBreakers([breaker.snapshot()], this.clock.now(), 'trip'),
    );
    this.logger.warn(`${agentId} halted: ${reason}`);
    return breakerDto(breaker.snapshot());
  }

  /** Model spend counts against the agent's performance. Rare: one event per model call. */
  @OnDomainEvent('agent.model-cost')
  chargeModelCost(event: ModelCostEvent): void {
    const now = this.clock.now();
    if (!event || typeof event.agentId !== 'string' || !Number.isFinite(event.costUsd)) return;
    if (!this.engine.ledger(event.agentId) || event.costUsd <= 0) return;
    if (!this.durably(() => this.repository.addModelCost(event.agentId, event.costUsd, now)))
      return;
    this.engine.chargeModelCost(event.agentId, event.costUsd);
    this.changed();
  }

  /**
   * Re-evaluates every breaker at the current marks; persists trips at once, and in `flatten` mode sells
   * the tripped scope's positions. Returns what tripped.
   */
  observeBreakers(): BreakerSnapshot[] {
    const now = this.clock.now();
    const tripped = this.engine.observe(this.price, now);
    if (tripped.length > 0) {
      this.changed();
      // A trip holds in memory even when it cannot be stored: it only ever stops trading.
      this.durably(() => this.repository.saveBreakers(tripped, now, 'trip'));
      for (const b of tripped)
        this.logger.error(`breaker ${b.id} tripped (${b.state}): ${b.reason}`);
      if (this.engine.settings.flattenOnTrip) {
        // The portfolio's flatten covers every agent's: one sell per position, never two.
        const ids = tripped.map((b) => b.id);
        const scope = ids.includes(PORTFOLIO_BREAKER) ? [PORTFOLIO_BREAKER] : ids;
        for (const id of scope) this.flattenedBy.add(id);
        void this.sellAll(
          scope.flatMap((id) => this.engine.exitOrders(id, now)),
          now,
        );
      }
    }
    if (now - this.peaksSavedAt >= PEAK_PERSIST_MS) {
      if (this.durably(() => this.repository.saveBreakers(this.engine.allBreakers(), now)))
        this.peaksSavedAt = now;
    }
    return tripped;
  }

  /**
   * The portfolio's own sells (a flatten, a rebalance's reductions), all sent before any is awaited. A
   * bot that fills its own orders is left out: it holds its positions on its own venue, and its
   * connector asks it to close them (a flatten) or gives it a smaller stake (a rebalance).
   */
  private async sellAll(all: readonly ReductionOrder[], now: number): Promise<number> {
    const orders = all.filter((o) => !this.selfExecuting.has(o.agentId));
    const placed = orders.map((o) => {
      const origin = `${o.origin}-${o.symbol}`;
      // What the agent still holds when it goes out: one of its own sells may have come first.
      const quantity = Math.min(o.quantity, this.ledger(o.agentId).quantity(o.symbol));
      if (!(quantity > 0)) return Promise.resolve({ status: 'ignored', reason: 'sold already' });
      // Exported as the signal the order traces to, so every fill keeps its lineage.
      this.repository.recordPortfolioSignal({
        messageId: origin,
        agentId: o.agentId,
        symbol: o.symbol,
        side: o.side,
        text: o.reason,
        ts: now,
      });
      return this.place(
        { ...o, quantity, clientOrderId: clientOrderId(o.agentId, origin) },
        origin,
        now,
      ).catch((error: unknown): ExecutionDecision => {
        this.logger.error(`${origin}: ${String(error)}`);
        return { status: 'refused', reason: String(error) };
      });
    });
    const decisions = await Promise.all(placed);
    const filled = decisions.filter((d) => d.status === 'filled').length;
    if (orders.length > 0)
      this.logger.warn(`${orders[0].origin}: ${filled} of ${orders.length} sell(s) filled`);
    return filled;
  }

  /** Breakers past their warning level, not yet tripped. */
  warnings(): string[] {
    return this.engine.warnings();
  }

  /**
   * Sells positions pro rata from agents above target that hold too little cash to give capital back;
   * once they fill, the capital moves to the targets already set. Resolves to that second rebalance.
   */
  async reduceAndRebalance(reason: string): Promise<Rebalance | null> {
    const orders = this.engine.reductionOrders(this.price, this.clock.now());
    if (orders.length === 0 || !this.storage.writable) return null;
    const filled = await this.sellAll(orders, this.clock.now());
    return filled > 0 ? this.rebalance(`${reason}: positions reduced`, false) : null;
  }

  /** One sample of each agent's risk-adjusted performance, for allocation. */
  samplePerformance(): void {
    this.engine.samplePerformance(this.price);
    this.changed();
  }

  needsRebalance(): boolean {
    return this.engine.needsRebalance(this.price);
  }

  /** Moves capital toward the targets; committed before it returns. Null when nothing moved. */
  rebalance(reason: string, replan = true): Rebalance | null {
    // An order about to fill at once holds the rebalance back; one waiting for a later bar does not,
    // and the cash it holds stays where it is.
    if ((this.inFlight > 0 && !this.broker.fillsAtLaterBar) || !this.storage.writable) return null;
    const rebalance = this.engine.rebalance(this.price, reason, replan, (id) =>
      this.open.committedCashUsd(id),
    );
    if (!rebalance) return null;
    this.changed();
    const ledgers = rebalance.affected.map((id) => this.ledger(id).snapshot());
    const now = this.clock.now();
    if (
      !this.durably(() =>
        this.repository.recordRebalance(rebalance, ledgers, this.engine.reserveUsd, now),
      )
    ) {
      // The engine moved capital the disk refused: go back to what is stored.
      const stored = this.repository.load();
      if (stored) this.engine = new PortfolioEngine(engineSettings(this.config), stored);
      return null;
    }
    return rebalance;
  }

  /** The admin's halt of all trading; durable before it returns. */
  halt(reason: string): BreakerDto {
    const snapshot = this.engine.halt(reason, this.clock.now());
    this.changed();
    this.repository.saveBreakers([snapshot], this.clock.now(), 'halt');
    this.logger.warn(`trading halted by an admin: ${reason}`);
    return breakerDto(snapshot);
  }

  resetBreaker(id: string): BreakerDto {
    const snapshot = this.engine.reset(id);
    if (!snapshot) throw OrchestrationError.unknownBreaker(id);
    this.flattenedBy.delete(id);
    this.changed();
    this.repository.saveBreakers([snapshot], this.clock.now(), 'reset');
    this.logger.warn(`breaker ${id} reset by an admin`);
    return breakerDto(snapshot);
  }

  /** Whether this breaker's trip flattened its scope (BREAKER_MODE=flatten), until it is reset. */
  hasFlattened(breakerId: string): boolean {
    return this.flattenedBy.has(breakerId);
  }

  breakers(): BreakerDto[] {
    return this.engine.allBreakers().map((b) => breakerDto(b));
  }

  allocation(agentId: string): AllocationTarget {
    return allocationOf(this.engine, agentId);
  }

  ledger(agentId: string): AgentLedger {
    return ledgerOf(this.engine, agentId);
  }

  /** Difference between the account and the sum of the sub-ledgers and the reserve. */
  reconcile(): ReturnType<PortfolioEngine['reconcile']> {
    return this.engine.reconcile();
  }

  status(): PortfolioStatusDto {
    this.statusSnapshot ??= portfolioStatus(this.viewInput(), this.mode, this.clock.now());
    return this.statusSnapshot;
  }

  private changed(): void {
    this.statusSnapshot = undefined;
  }

  private viewInput(): PortfolioViewInput {
    return {
      engine: this.engine,
      roster: this.config.roster,
      price: this.price,
      fills: (agentId) => this.fills.get(agentId) ?? 0,
    };
  }

  /** Fills booked so far: readers key what they keep on it. */
  bookedFills(): number {
    let total = 0;
    for (const count of this.fills.values()) total += count;
    return total;
  }

  /** What the equity chart marks at every bar, without building the whole status. */
  equityMarks(): EquityMarks {
    return equityMarks(this.viewInput());
  }

  equityUsd(): number {
    return this.engine.equityUsd(this.price);
  }

  /** Runs a write; false when it failed (StorageHealth logged it and paused trading). */
  private durably(write: () => boolean | void): boolean {
    try {
      return write() !== false;
    } catch (error) {
      if (this.storage.writable) throw error; // not a storage fault: a bug to surface
      return false;
    }
  }
}
