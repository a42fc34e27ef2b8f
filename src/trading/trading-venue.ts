import type { AccountState, Reconciliation } from './account-reconciliation.js';
import type { Broker } from './broker.js';
import type { MarketDataFeed } from './market-data.feed.js';
import { TradingError, TradingErrorCode } from './trading.error.js';

/**
 * `paper`: no exchange account to disagree with. Live: `unreconciled` until orchestration reconciles at
 * start; `ready` once the exchange agrees (or an operator accepted it); `refusing` after a mismatch or a
 * liquidation; `halted` after the venue banned this IP (only a restart clears it).
 */
export type AccountStatus = 'paper' | 'unreconciled' | 'ready' | 'refusing' | 'halted';

export interface VenueAccountState {
  readonly status: AccountStatus;
  /** The last reconciliation, if there was one. */
  readonly reconciliation: Reconciliation | null;
}

/** Port: the venue's account, as far as orchestration must know it before live orders may go. */
export abstract class VenueAccount {
  /** Hands over what the ledgers hold; until the venue agrees, the live broker refuses every order. */
  abstract reconcile(expected: AccountState): Promise<Reconciliation>;
  /**
   * An operator has looked at the differences and accepts the venue's account as it is; only a
   * mismatch (`refusing`) can be accepted, anything else is a `NothingToAccept` conflict.
   */
  abstract accept(operator: string): VenueAccountState;
  abstract state(): VenueAccountState;
}

/** Paper trading: the null account. Nothing to reconcile, nothing to accept. */
export class PaperAccount extends VenueAccount {
  reconcile(): Promise<Reconciliation> {
    return Promise.resolve({ matches: true, differences: [] });
  }

  accept(): VenueAccountState {
    throw new TradingError(
      TradingErrorCode.NothingToAccept,
      'paper trading: there is no exchange account to accept',
    );
  }

  state(): VenueAccountState {
    return { status: 'paper', reconciliation: null };
  }
}

/**
 * Port: where prices come from, where orders go and whose account they change, built together by
 * `createTradingVenue` so no one else needs to know which adapters they are.
 */
export abstract class TradingVenue {
  abstract readonly feed: MarketDataFeed;
  abstract readonly broker: Broker;
  abstract readonly account: VenueAccount;
  /** Loads what the venue needs before the service reports ready (rules, warm-up bars, streams). */
  abstract open(): Promise<void>;
  abstract close(): void;
}

/** An adapter that holds a connection: opened in dependency order, closed in reverse. */
export interface VenueConnection {
  open(): Promise<void>;
  close(): void;
}

/** The venue as the factory assembled it. */
export class ComposedVenue extends TradingVenue {
  constructor(
    readonly feed: MarketDataFeed,
    readonly broker: Broker,
    readonly account: VenueAccount,
    private readonly connections: readonly VenueConnection[],
  ) {
    super();
  }

  async open(): Promise<void> {
    for (const connection of this.connections) await connection.open();
  }

  close(): void {
    for (const connection of [...this.connections].reverse()) connection.close();
  }
}
