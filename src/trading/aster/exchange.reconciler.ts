import type { AccountState, Reconciliation } from './reconciliation.js';

/**
 * Port for orchestration: at start in live mode, hand over what the ledgers hold and learn whether the
 * exchange agrees. Until it does, the live broker refuses every order.
 */
export abstract class ExchangeReconciler {
  abstract reconcile(expected: AccountState): Promise<Reconciliation>;
  /** An operator has looked at the differences and accepts the exchange's state as it is. */
  abstract acceptExchangeState(operator: string): void;
}

/** Paper trading: there is no exchange account to disagree with. */
export class PaperReconciler extends ExchangeReconciler {
  reconcile(): Promise<Reconciliation> {
    return Promise.resolve({ matches: true, differences: [] });
  }

  acceptExchangeState(): void {}
}
