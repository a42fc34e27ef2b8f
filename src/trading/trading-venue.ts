import { ComponentLifecycle } from '../platform/component-lifecycle.js';
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
  private readonly lifecycle = new ComponentLifecycle('trading venue');
  private opened: VenueConnection[] = [];

  constructor(
    readonly feed: MarketDataFeed,
    readonly broker: Broker,
    readonly account: VenueAccount,
    /** In dependency order: the broker reads the feed's rules and prices. */
    private readonly connections: readonly VenueConnection[],
  ) {
    super();
  }

  async open(): Promise<void> {
    try {
      await this.lifecycle.start(async () => {
        for (const connection of this.connections) {
          await connection.open();
          this.opened.push(connection);
        }
      });
    } catch (error) {
      // What did open must not keep sockets alive behind a start that failed.
      this.closeOpened();
      throw error;
    }
  }

  close(): void {
    this.lifecycle.stop(() => this.closeOpened());
  }

  private closeOpened(): void {
    for (const connection of this.opened.reverse()) connection.close();
    this.opened = [];
  }
}
