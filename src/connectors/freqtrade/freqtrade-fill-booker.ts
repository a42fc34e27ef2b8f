import { Logger } from '@nestjs/common';
import type { ExternalFills } from '../../orchestration/external-fills.js';
import type { FreqtradeCounters } from './freqtrade-counters.js';
import { fillsOfTrade } from './freqtrade-fills.js';
import type { FreqtradeShowConfig, FreqtradeTrade } from './freqtrade-protocol.js';

/**
 * Books the filled orders of the bot's trades to its sub-ledger, once each. Sub-ledgers hold longs only,
 * so a short trade's fills are never booked (an entry would read as a sell of coins it does not hold, an
 * exit as a buy): each is refused once, counted, logged and raised as a venue alert, and the bot's open
 * short shows as a reconciliation difference until it is closed.
 */
export class FreqtradeFillBooker {
  private readonly logger = new Logger('FreqtradeConnector');
  private readonly shortsRefused = new Set<string>();
  private shortsAllowedNoted = false;

  constructor(
    private readonly agentId: string,
    private readonly fills: ExternalFills,
    private readonly counters: FreqtradeCounters,
    private readonly alert: (message: string) => void,
    private readonly now: () => number,
  ) {}

  /** Raised once per process: a bot that may short (not spot) will see its short trades refused. */
  noteConfig(config: FreqtradeShowConfig): void {
    if (config.short_allowed !== true || this.shortsAllowedNoted) return;
    this.shortsAllowedNoted = true;
    const message =
      `freqtrade trades ${config.trading_mode ?? 'not spot'} and may open shorts: ${this.agentId}'s ` +
      `sub-ledger holds longs only, so short trades will be refused, not booked; run the bot spot or ` +
      `with can_short off`;
    this.logger.warn(message);
    this.alert(message);
  }

  book(trade: FreqtradeTrade, origin: string): void {
    if (trade.is_short) return this.refuseShort(trade, origin);
    for (const fill of fillsOfTrade(trade, this.now())) {
      const outcome = this.fills.book({
        agentId: this.agentId,
        fillId: fill.clientOrderId,
        symbol: fill.symbol,
        side: fill.side,
        quantity: fill.quantity,
        price: fill.price,
        feeUsd: fill.feeUsd,
      });
      this.counters.fill(outcome.status);
      if (outcome.status === 'refused')
        this.logger.error(
          `freqtrade fill ${fill.clientOrderId} (${origin}) refused: ${outcome.reason}`,
        );
    }
  }

  private refuseShort(trade: FreqtradeTrade, origin: string): void {
    for (const fill of fillsOfTrade(trade, this.now())) {
      if (this.shortsRefused.has(fill.clientOrderId)) continue;
      this.shortsRefused.add(fill.clientOrderId);
      this.counters.fill('short');
      const message =
        `freqtrade trade ${trade.trade_id} ${trade.pair} is short: ${this.agentId}'s sub-ledger holds ` +
        `longs only, so its ${fill.side} of ${fill.quantity} (${fill.clientOrderId}, ${origin}) is not ` +
        `booked; run the bot spot or with can_short off`;
      this.logger.error(message);
      this.alert(message);
    }
  }
}
