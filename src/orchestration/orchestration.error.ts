import { DomainError, type DomainErrorKind } from '../platform/domain-error.js';

export enum OrchestrationErrorCode {
  UnknownAgent = 'UNKNOWN_AGENT',
  UnknownBreaker = 'UNKNOWN_BREAKER',
  InvalidMonth = 'INVALID_MONTH',
}

const KINDS: Record<OrchestrationErrorCode, DomainErrorKind> = {
  [OrchestrationErrorCode.UnknownAgent]: 'not-found',
  [OrchestrationErrorCode.UnknownBreaker]: 'not-found',
  [OrchestrationErrorCode.InvalidMonth]: 'invalid',
};

export class OrchestrationError extends DomainError<OrchestrationErrorCode> {
  constructor(code: OrchestrationErrorCode, message: string) {
    super(code, KINDS[code], message);
  }

  static unknownAgent(agentId: string): OrchestrationError {
    return new OrchestrationError(OrchestrationErrorCode.UnknownAgent, `unknown agent: ${agentId}`);
  }

  static unknownBreaker(id: string): OrchestrationError {
    return new OrchestrationError(
      OrchestrationErrorCode.UnknownBreaker,
      `unknown breaker: ${id} (an agent id or "portfolio")`,
    );
  }
}
