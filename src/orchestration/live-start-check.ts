import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { describeDifference } from '../trading/account-reconciliation.js';
import { Broker } from '../trading/broker.js';
import { VenueAccount } from '../trading/trading-venue.js';
import { PortfolioRepository } from './portfolio.repository.js';
import { PortfolioService } from './portfolio.service.js';

/**
 * Live: the broker sends nothing until the exchange agrees with the ledgers (or an operator accepts its
 * account). At start, once the ledgers are loaded, the venue's account is compared with what they hold
 * and with the orders that went unanswered before the restart.
 */
@Injectable()
export class LiveStartCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(LiveStartCheck.name);

  constructor(
    private readonly broker: Broker,
    private readonly portfolio: PortfolioService,
    private readonly repository: PortfolioRepository,
    private readonly account: VenueAccount,
  ) {}

  onApplicationBootstrap(): void {
    if (this.broker.mode !== 'live') return;
    const expected = {
      positions: this.portfolio.heldPositions(),
      openOrders: this.repository.unansweredOrders(),
    };
    this.account.reconcile(expected).then(
      (result) => {
        if (result.matches)
          this.logger.log('the exchange agrees with the ledgers: live orders may go');
        else
          this.logger.error(
            `the exchange disagrees with the ledgers: ${result.differences.map(describeDifference).join('; ')}`,
          );
      },
      (error: unknown) =>
        this.logger.error(`reconciliation with the exchange failed: ${String(error)}`),
    );
  }
}
