import { Injectable } from '@nestjs/common';
import { Clock } from '../platform/clock.js';
import { PORTFOLIO_BREAKER, stricter, type BreakerState } from './drawdown-breaker.js';
import {
  ExternalFills,
  type ExternalBudget,
  type ExternalFill,
  type ExternalFillOutcome,
} from './external-fills.js';
import { PortfolioService } from './portfolio.service.js';

/** `ExternalFills` on the portfolio service: an outside bot's fills become orders and fills of its agent. */
@Injectable()
export class ExternalFillDesk extends ExternalFills {
  constructor(
    private readonly portfolio: PortfolioService,
    private readonly clock: Clock,
  ) {
    super();
  }

  book(fill: ExternalFill): ExternalFillOutcome {
    const now = this.clock.now();
    const order = {
      clientOrderId: fill.fillId,
      agentId: fill.agentId,
      symbol: fill.symbol,
      side: fill.side,
      quantity: fill.quantity,
      signalId: fill.fillId,
      createdAt: now,
    };
    return this.portfolio.bookExternalFill(order, {
      clientOrderId: fill.fillId,
      symbol: fill.symbol,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      feeUsd: fill.feeUsd,
      ts: now,
    });
  }

  breakerOf(agentId: string): BreakerState {
    let state: BreakerState = 'ok';
    for (const b of this.portfolio.breakers())
      if (b.id === PORTFOLIO_BREAKER || b.id === agentId) state = stricter(state, b.state);
    return state;
  }

  flattens(agentId: string): boolean {
    return this.portfolio.hasFlattened(PORTFOLIO_BREAKER) || this.portfolio.hasFlattened(agentId);
  }

  budgetOf(agentId: string): ExternalBudget {
    const ledger = this.portfolio.ledger(agentId);
    const holdings = new Map<string, number>();
    for (const symbol of ledger.symbols()) holdings.set(symbol, ledger.quantity(symbol));
    return {
      capitalUsd: this.portfolio.allocation(agentId).capitalUsd,
      cashUsd: ledger.cashUsd,
      holdings,
    };
  }

  priceOf(symbol: string): number | undefined {
    return this.portfolio.price(symbol);
  }

  halt(agentId: string, reason: string): void {
    this.portfolio.haltAgent(agentId, reason);
  }
}
