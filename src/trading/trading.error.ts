import { DomainError, type DomainErrorKind } from '../platform/domain-error.js';

export enum TradingErrorCode {
  NoPrice = 'NO_PRICE',
  InvalidOrder = 'INVALID_ORDER',
  Cancelled = 'CANCELLED',
  NothingToAccept = 'NOTHING_TO_ACCEPT',
}

const KINDS: Record<TradingErrorCode, DomainErrorKind> = {
  [TradingErrorCode.NoPrice]: 'unavailable',
  [TradingErrorCode.InvalidOrder]: 'invalid',
  [TradingErrorCode.Cancelled]: 'conflict',
  [TradingErrorCode.NothingToAccept]: 'conflict',
};

export class TradingError extends DomainError<TradingErrorCode> {
  constructor(code: TradingErrorCode, message: string) {
    super(code, KINDS[code], message);
  }
}
