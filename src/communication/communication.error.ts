import { DomainError, type DomainErrorKind } from '../platform/domain-error.js';

export enum CommunicationErrorCode {
  UnknownAgent = 'UNKNOWN_AGENT',
  InvalidThreshold = 'INVALID_THRESHOLD',
}

const KINDS: Record<CommunicationErrorCode, DomainErrorKind> = {
  [CommunicationErrorCode.UnknownAgent]: 'not-found',
  [CommunicationErrorCode.InvalidThreshold]: 'invalid',
};

export class CommunicationError extends DomainError<CommunicationErrorCode> {
  constructor(code: CommunicationErrorCode, message: string) {
    super(code, KINDS[code], message);
  }

  static unknownAgent(agentId: string): CommunicationError {
    return new CommunicationError(CommunicationErrorCode.UnknownAgent, `unknown agent: ${agentId}`);
  }
}
