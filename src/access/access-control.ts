import {
  ForbiddenException,
  Injectable,
  type OnModuleInit,
  UnauthorizedException,
} from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, Reflector } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessScope } from '../config/api-tokens.js';
import type { RouteAccess } from '../platform/route-access.js';
import { AccessTokens, grants, type Principal } from './access-tokens.js';
import { controllerTypes, routeKey } from '../platform/routes.js';
import { routeTable } from './route-table.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once a token has been checked; the audit trail records it. */
    principal?: Principal;
  }
}

/** Whether GET routes need a token: `READ_AUTH`, resolved by the configuration. */
export abstract class ReadAuthPolicy {
  abstract readonly required: boolean;
}

/**
 * Every Nest route passes here, in Fastify's `onRequest`, before its body is read: it needs the scope
 * its `@RequiresScope` names, or `read` for a GET and `admin` for anything else. A header, when sent,
 * must be a well-formed known token even where none is needed, so a typo never passes unnoticed.
 *
 * A Fastify hook rather than a Nest guard: a global guard costs every polled read Nest's guard
 * machinery (an execution context and a promise), a tenth of what Fastify alone can serve. Routes
 * served by Fastify directly (Swagger, MCP, the dashboard's files) have their own checks, as before.
 */
@Injectable()
export class AccessControl implements OnModuleInit {
  private routes = new Map<string, RouteAccess>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: AccessTokens,
    private readonly readAuth: ReadAuthPolicy,
  ) {}

  /** Nest has registered its routes with Fastify by now; its hooks are bound when it becomes ready. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // an application context (the headless replay) serves no HTTP
    this.routes = routeTable(controllerTypes(this.discovery), this.reflector);
    // A route the table names that Fastify does not know would go unchecked: refuse to start.
    const unknown = [...this.routes.keys()].filter((key) => {
      const [method, url] = key.split(' ');
      return !fastify.hasRoute({ method, url });
    });
    if (unknown.length > 0)
      throw new Error(`access table names routes Fastify does not serve: ${unknown.join(', ')}`);
    fastify.addHook('onRequest', (request, reply, done) => {
      try {
        this.check(request, reply);
        done();
      } catch (error) {
        done(error as Error);
      }
    });
  }

  private check(request: FastifyRequest, reply: FastifyReply): void {
    const url = request.routeOptions.url;
    const access = url === undefined ? undefined : this.routes.get(routeKey(request.method, url));
    if (access === undefined || access === 'public') return;
    const credential = this.tokens.identify(request.headers.authorization);
    switch (credential.kind) {
      case 'none':
        if (access === 'read' && !this.readAuth.required) return;
        return refuse(reply, `a bearer token with scope ${access} is required`);
      case 'malformed':
        return refuse(reply, 'the Authorization header must be exactly "Bearer <token>"');
      case 'unknown':
        return refuse(reply, 'the bearer token is not valid');
      case 'token':
        request.principal = credential.principal;
        return permit(credential.principal, access);
    }
  }
}

function permit(principal: Principal, required: AccessScope): void {
  if (!grants(principal.scope, required))
    throw new ForbiddenException(
      `token ${principal.name} has scope ${principal.scope}; this route needs ${required}`,
    );
}

function refuse(reply: FastifyReply, message: string): never {
  void reply.header('www-authenticate', 'Bearer realm="cloud-trader"');
  throw new UnauthorizedException(message);
}
