import type { AccountState, Reconciliation } from '../account-reconciliation.js';
import { VenueAccount, type VenueAccountState } from '../trading-venue.js';
import { TradingError, TradingErrorCode } from '../trading.error.js';
import type { AsterBroker, LiveTradingState } from './aster.broker.js';

const NOT_REFUSING: Record<Exclude<LiveTradingState, 'refusing'>, string> = {
  unreconciled: 'the account has not been reconciled with the exchange yet',
  ready: 'live orders may go already: there is nothing to accept',
  halted: 'Aster banned this IP: live trading stays halted until a restart',
};

/** The live Aster account: its reconciliation gates the broker's orders. */
export class AsterVenueAccount extends VenueAccount {
  constructor(private readonly broker: AsterBroker) {
    super();
  }

  reconcile(expected: AccountState): Promise<Reconciliation> {
    return this.broker.reconcile(expected);
  }

  accept(operator: string): VenueAccountState {
    const status = this.broker.state;
    if (status !== 'refusing')
      throw new TradingError(TradingErrorCode.NothingToAccept, NOT_REFUSING[status]);
    this.broker.acceptExchangeState(operator);
    return this.state();
  }

  state(): VenueAccountState {
    return { status: this.broker.state, reconciliation: this.broker.reconciliation ?? null };
  }
}
