import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessScope } from '../config/api-tokens.js';
import { AccessTokens, grants, type Principal } from './access-tokens.js';
import { RequiresScope } from '../platform/route-access.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once a token has been checked; the audit trail records it. */
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether GET routes need a token: `READ_AUTH`, resolved by the configuration. */
export abstract class ReadAuthPolicy {
  abstract readonly required: boolean;
}

/**
 * Every route passes here: it needs the scope its `@RequiresScope` names, or `read` for a GET and
 * `admin` for anything else. A header, when sent, must be a well-formed known token even where none
 * is needed, so a typo never passes unnoticed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly readAuth: ReadAuthPolicy,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const access =
      this.reflector.getAllAndOverride(RequiresScope, [context.getHandler(), context.getClass()]) ??
      (SAFE_METHODS.has(request.method) ? 'read' : 'admin');
    if (access === 'public') return true;
    const credential = this.tokens.identify(request.headers.authorization);
    switch (credential.kind) {
      case 'none':
        if (access === 'read' && !this.readAuth.required) return true;
        return this.refuse(
          http.getResponse<FastifyReply>(),
          `a bearer token with scope ${access} is required`,
        );
      case 'malformed':
        return this.refuse(
          http.getResponse<FastifyReply>(),
          'the Authorization header must be exactly "Bearer <token>"',
        );
      case 'unknown':
        return this.refuse(http.getResponse<FastifyReply>(), 'the bearer token is not valid');
      case 'token':
        request.principal = credential.principal;
        return this.permit(credential.principal, access);
    }
  }

  private permit(principal: Principal, required: AccessScope): true {
    if (!grants(principal.scope, required)) {
      throw new ForbiddenException(
        `token ${principal.name} has scope ${principal.scope}; this route needs ${required}`,
      );
    }
    return true;
  }

  private refuse(reply: FastifyReply, message: string): never {
    void reply.header('www-authenticate', 'Bearer realm="cloud-trader"');
    throw new UnauthorizedException(message);
  }
}
