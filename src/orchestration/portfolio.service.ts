import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { AgentDefinition, RoleDefinition } from '../config/roster.js';
import type { MessageEnvelope } from '../communication/message-envelope.js';
import { Clock } from '../platform/clock.js';
import { Broker } from '../trading/broker.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import { AgentLedger } from './agent-ledger.js';
import { planAllocation, type AllocationTarget } from './allocation-planner.js';
import { sizeOrder } from './order-sizer.js';
import { OrchestrationError } from './orchestration.error.js';
import type { AgentAllocationDto, PortfolioStatusDto } from './portfolio.dto.js';
import { PortfolioRepository, type OrderRecord } from './portfolio.repository.js';

const INITIAL_CAPITAL_MARK = 'initial_capital_usd';
const HIGH_WATER_MARK = 'equity_high_water_mark_usd';
/** How often the equity high-water mark is written down. */
const MARK_PERSIST_MS = 5_000;

/**
 * The shared account: per-agent sub-ledgers inside it, execution of the signals of agents whose role
 * trades, and the portfolio's view for operators. Signals arrive one at a time from the bus, so two
 * orders never race on one ledger.
 */
@Injectable()
export class PortfolioService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PortfolioService.name);
  private readonly agents: ReadonlyMap<string, AgentDefinition>;
  private readonly roles: ReadonlyMap<string, RoleDefinition>;
  private readonly ledgers = new Map<string, AgentLedger>();
  private readonly fills = new Map<string, number>();
  private allocations = new Map<string, AllocationTarget>();
  private initialCapitalUsd = 0;
  private highWaterMark = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: PortfolioRepository,
    private readonly broker: Broker,
    private readonly feed: MarketDataFeed,
  ) {
    this.agents = new Map(config.roster.map((a) => [a.id, a]));
    this.roles = new Map(config.roles.map((r) => [r.role, r]));
  }

  onModuleInit(): void {
    let allocations = this.repository.loadAllocations();
    if (allocations.length === 0) {
      const capital = this.config.trading.initialCapitalUsd;
      allocations = planAllocation(this.config.roster, this.config.roles, capital);
      const ledgers = allocations.map((a) =>
        AgentLedger.opening(a.agentId, a.capitalUsd).snapshot(),
      );
      this.repository.open(allocations, ledgers, this.clock.now());
      this.repository.writeMark(INITIAL_CAPITAL_MARK, capital);
      this.logger.log(
        `opened a paper portfolio of ${capital} USD across ${allocations.length} agents`,
      );
    }
    this.allocations = new Map(allocations.map((a) => [a.agentId, a]));
    for (const state of this.repository.loadLedgers())
      this.ledgers.set(state.agentId, new AgentLedger(state));
    for (const [agentId, count] of this.repository.fillCountsByAgent())
      this.fills.set(agentId, count);
    this.initialCapitalUsd =
      this.repository.readMark(INITIAL_CAPITAL_MARK) ?? this.config.trading.initialCapitalUsd;
    this.highWaterMark = this.repository.readMark(HIGH_WATER_MARK) ?? this.initialCapitalUsd;
    this.timer = setInterval(() => this.persistHighWaterMark(), MARK_PERSIST_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.persistHighWaterMark();
  }

  get mode(): 'paper' | 'live' {
    return this.broker.mode;
  }

  /** Turns an agent's signal into an order sized within its capital, and books the fill to its ledger. */
  async execute(signal: MessageEnvelope): Promise<void> {
    const agent = this.agents.get(signal.from);
    const role = agent && this.roles.get(agent.role);
    const ledger = this.ledgers.get(signal.from);
    if (!agent || !role?.trades || !ledger || !signal.symbol || !signal.side) return;
    const price = this.feed.lastPrice(signal.symbol);
    if (price === undefined) return;
    const quantity = sizeOrder({
      side: signal.side,
      confidence: signal.confidence ?? 0.5,
      price,
      capitalUsd: this.allocation(agent.id).capitalUsd,
      maxOrderFraction: role.maxOrderFraction,
      cashUsd: ledger.cashUsd,
      heldQuantity: ledger.quantity(signal.symbol),
      feeBps: this.config.trading.paperFeeBps,
    });
    if (quantity === 0) return;
    const order: OrderRecord = {
      clientOrderId: `${agent.id}-${randomUUID()}`,
      agentId: agent.id,
      symbol: signal.symbol,
      side: signal.side,
      quantity,
      signalId: signal.id,
      correlationId: signal.correlationId,
      createdAt: this.clock.now(),
    };
    this.repository.recordOrder(order);
    let fill;
    try {
      fill = await this.broker.submit({
        clientOrderId: order.clientOrderId,
        symbol: order.symbol,
        side: signal.side,
        quantity,
      });
    } catch (error) {
      this.repository.markOrder(order.clientOrderId, 'rejected');
      this.logger.warn(
        `order ${order.clientOrderId} rejected: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    const next = new AgentLedger(ledger.snapshot());
    next.apply(fill);
    this.repository.recordFill(order, fill, next.snapshot());
    this.ledgers.set(agent.id, next);
    this.fills.set(agent.id, (this.fills.get(agent.id) ?? 0) + 1);
  }

  allocation(agentId: string): AllocationTarget {
    const allocation = this.allocations.get(agentId);
    if (!allocation) throw OrchestrationError.unknownAgent(agentId);
    return allocation;
  }

  ledger(agentId: string): AgentLedger {
    const ledger = this.ledgers.get(agentId);
    if (!ledger) throw OrchestrationError.unknownAgent(agentId);
    return ledger;
  }

  status(): PortfolioStatusDto {
    const price = (symbol: string) => this.feed.lastPrice(symbol);
    const reserve = this.reserveUsd();
    const equityUsd = this.equityUsd();
    const agents = this.config.roster.map((agent): AgentAllocationDto => {
      const ledger = this.ledger(agent.id);
      const allocation = this.allocation(agent.id);
      const equity = ledger.equityUsd(price);
      const state = ledger.snapshot();
      return {
        agentId: agent.id,
        role: agent.role,
        allocationPct: equityUsd > 0 ? (equity / equityUsd) * 100 : 0,
        targetPct: allocation.targetPct,
        capitalUsd: allocation.capitalUsd,
        exposureUsd: ledger.exposureUsd(price),
        pnlUsd: equity - allocation.capitalUsd,
        realizedPnlUsd: state.realizedPnlUsd,
        unrealizedPnlUsd: ledger.unrealizedPnlUsd(price),
        feesUsd: state.feesUsd,
        fills: this.fills.get(agent.id) ?? 0,
      };
    });
    return {
      mode: this.mode,
      equityUsd,
      cashUsd: reserve + [...this.ledgers.values()].reduce((sum, l) => sum + l.cashUsd, 0),
      drawdownPct:
        this.highWaterMark > 0 ? ((this.highWaterMark - equityUsd) / this.highWaterMark) * 100 : 0,
      halted: false,
      agents,
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
  }

  equityUsd(): number {
    const price = (symbol: string) => this.feed.lastPrice(symbol);
    const equity =
      this.reserveUsd() +
      [...this.ledgers.values()].reduce((sum, l) => sum + l.equityUsd(price), 0);
    this.highWaterMark = Math.max(this.highWaterMark, equity);
    return equity;
  }

  /** Capital never handed to an agent: the cash reserve. */
  private reserveUsd(): number {
    return (
      this.initialCapitalUsd -
      [...this.allocations.values()].reduce((sum, a) => sum + a.capitalUsd, 0)
    );
  }

  private persistHighWaterMark(): void {
    this.equityUsd();
    this.repository.writeMark(HIGH_WATER_MARK, this.highWaterMark);
  }
}
