import { DomainError, type DomainErrorKind } from '../../platform/domain-error.js';

export enum AsterBrokerErrorCode {
  /** The order breaks the symbol's filters; nothing was sent. */
  Rejected = 'ASTER_ORDER_REJECTED',
  /** Not reconciled yet, or reconciliation found differences an operator must resolve. */
  NotReconciled = 'ASTER_NOT_RECONCILED',
  /** Banned (418) or otherwise stopped: no order may be sent. */
  Halted = 'ASTER_HALTED',
  /** The exchange may or may not hold the order; it was not retried. */
  StateUnknown = 'ASTER_STATE_UNKNOWN',
  /** Rate limited or unreachable for longer than the broker waits. */
  Unavailable = 'ASTER_UNAVAILABLE',
}

const KINDS: Record<AsterBrokerErrorCode, DomainErrorKind> = {
  [AsterBrokerErrorCode.Rejected]: 'invalid',
  [AsterBrokerErrorCode.NotReconciled]: 'conflict',
  [AsterBrokerErrorCode.Halted]: 'unavailable',
  [AsterBrokerErrorCode.StateUnknown]: 'unavailable',
  [AsterBrokerErrorCode.Unavailable]: 'unavailable',
};

export class AsterBrokerError extends DomainError<AsterBrokerErrorCode> {
  constructor(code: AsterBrokerErrorCode, message: string) {
    super(code, KINDS[code], message);
  }
}
