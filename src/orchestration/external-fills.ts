import { Injectable } from '@nestjs/common';
import type { Fill } from '../trading/broker.js';
import { PortfolioService, type ExternalBooking } from './portfolio.service.js';

/**
 * The seam for outside bots that trade on their own venue (a real Freqtrade): their signals are news
 * for the team, not orders for our broker, and their fills are booked to their sub-ledgers with their
 * own prices and fees. A connector claims its agent once, then books each fill it hears of.
 */
@Injectable()
export class ExternalFills {
  private readonly selfExecuting = new Set<string>();

  constructor(private readonly portfolio: PortfolioService) {}

  /** From now on the agent's signals are not executed here: the bot fills its own orders. */
  claim(agentId: string): void {
    this.selfExecuting.add(agentId);
  }

  executesItself(agentId: string): boolean {
    return this.selfExecuting.has(agentId);
  }

  /** `fill.clientOrderId` names the bot's own order; `origin` says what reported it. */
  book(agentId: string, fill: Fill, origin: string): ExternalBooking {
    return this.portfolio.bookExternalFill(agentId, fill, origin);
  }
}
