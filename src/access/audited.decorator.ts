import { applyDecorators, type Type, UseInterceptors, UsePipes } from '@nestjs/common';
import { RequestValidationPipe } from '../platform/validation.pipe.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditedBy, type AuditedState } from './audited-state.js';

/**
 * Puts a mutating route on the audit trail, with the state it changes when there is one to show
 * before and after, and validates its arguments within the audit, so a refused body is on the trail
 * too (reads are validated as they arrive, by `ReadValidation`). Only mutating routes carry the
 * interceptor: on the polled GETs its Observable chain alone halved the throughput Fastify can give.
 * `AuditCoverage` refuses to start a service with a mutating route that lacks it.
 */
export const Audited = (state: Type<AuditedState> | null = null) =>
  applyDecorators(
    AuditedBy(state),
    UseInterceptors(AuditInterceptor),
    UsePipes(RequestValidationPipe),
  );
