import { DomainError, type DomainErrorKind } from '../platform/domain-error.js';

export enum OrchestrationErrorCode {
  UnknownAgent = 'UNKNOWN_AGENT',
}

const KINDS: Record<OrchestrationErrorCode, DomainErrorKind> = {
  [OrchestrationErrorCode.UnknownAgent]: 'not-found',
};

export class OrchestrationError extends DomainError<OrchestrationErrorCode> {
  constructor(code: OrchestrationErrorCode, message: string) {
    super(code, KINDS[code], message);
  }

  static unknownAgent(agentId: string): OrchestrationError {
    return new OrchestrationError(OrchestrationErrorCode.UnknownAgent, `unknown agent: ${agentId}`);
  }
}
