import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
  RequestMethod,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type Observable, tap } from 'rxjs';
import { Clock, WallClock } from '../platform/clock.js';
import { DOMAIN_ERROR_STATUS } from '../platform/domain-error.filter.js';
import { DomainError } from '../platform/domain-error.js';
import type { Principal } from './access-tokens.js';
import type { AuditEntry } from './audit-entry.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditedBy, type AuditedState } from './audited-state.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A refused body can be 64 KB of noise; the trail keeps its start. */
const MAX_REQUEST_JSON = 4_096;

type Outcome = Pick<AuditEntry, 'status' | 'afterJson'>;

/**
 * Records every mutating call a token made — who, which route, the state before and after, the status —
 * including the ones validation or the domain refused, which change nothing (after = before).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly auditLog: AuditLogRepository,
    private readonly clock: Clock,
    private readonly wallClock: WallClock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = request.principal;
    if (SAFE_METHODS.has(request.method) || !principal) return next.handle();
    const state = this.stateOf(context);
    const params = (request.params ?? {}) as Record<string, string>;
    const beforeJson = readState(state, params);
    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === RequestMethod[RequestMethod.POST] ? 201 : 200);
    const record = (outcome: Outcome) => this.record(request, principal, beforeJson, outcome);
    return next.handle().pipe(
      tap({
        next: () => record({ status: successStatus, afterJson: readState(state, params) }),
        error: (error: unknown) => record({ status: statusOf(error), afterJson: beforeJson }),
      }),
    );
  }

  private stateOf(context: ExecutionContext): AuditedState | undefined {
    const type = this.reflector.get(AuditedBy, context.getHandler());
    return type ? this.moduleRef.get(type, { strict: false }) : undefined;
  }

  private record(
    request: FastifyRequest,
    principal: Principal,
    beforeJson: string | null,
    outcome: Outcome,
  ): void {
    try {
      this.auditLog.record({
        tokenName: principal.name,
        tokenScope: principal.scope,
        method: request.method,
        route: request.routeOptions.url ?? request.url,
        path: request.url.split('?', 1)[0],
        clientAddress: request.ip,
        requestJson: truncate(json(request.body)),
        beforeJson,
        ...outcome,
        ts: this.clock.now(),
        recordedAt: this.wallClock.now(),
      });
    } catch (error) {
      this.logger.error(
        `audit entry for ${request.method} ${request.routeOptions.url ?? '?'} not stored: ${String(error)}`,
      );
    }
  }
}

function readState(state: AuditedState | undefined, params: Record<string, string>): string | null {
  return state ? json(state.read(params)) : null;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function truncate(text: string | null): string | null {
  return text !== null && text.length > MAX_REQUEST_JSON ? text.slice(0, MAX_REQUEST_JSON) : text;
}

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  if (error instanceof DomainError) return DOMAIN_ERROR_STATUS[error.kind];
  return 500;
}
