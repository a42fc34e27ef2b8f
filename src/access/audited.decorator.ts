import { applyDecorators, type Type, UseInterceptors } from '@nestjs/common';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditedBy, type AuditedState } from './audited-state.js';

/**
 * Puts a mutating route on the audit trail, with the state it changes when there is one to show
 * before and after. Only mutating routes carry the interceptor: on the polled GETs its Observable
 * chain alone halved the throughput Fastify can give. `AuditCoverage` refuses to start a service
 * with a mutating route that lacks it.
 */
export const Audited = (state: Type<AuditedState> | null = null) =>
  applyDecorators(AuditedBy(state), UseInterceptors(AuditInterceptor));
