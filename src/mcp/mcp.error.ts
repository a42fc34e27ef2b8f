import { DomainError, type DomainErrorKind } from '../platform/domain-error.js';

export enum McpErrorCode {
  UnknownConfirmation = 'UNKNOWN_CONFIRMATION',
  ForeignLedger = 'FOREIGN_LEDGER',
  UnknownResource = 'UNKNOWN_RESOURCE',
}

const KINDS: Record<McpErrorCode, DomainErrorKind> = {
  [McpErrorCode.UnknownConfirmation]: 'not-found',
  [McpErrorCode.ForeignLedger]: 'forbidden',
  [McpErrorCode.UnknownResource]: 'not-found',
};

export class McpError extends DomainError<McpErrorCode> {
  constructor(code: McpErrorCode, message: string) {
    super(code, KINDS[code], message);
  }
}
