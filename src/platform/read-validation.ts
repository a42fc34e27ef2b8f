import { Injectable, type OnModuleInit, RequestMethod, type Type } from '@nestjs/common';
import { PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { DiscoveryService, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PassedQueries, queryString } from './passed-queries.js';
import { controllerTypes, routeHandlers, routeKey, SAFE_METHODS } from './routes.js';
import { RequestValidationPipe } from './validation.pipe.js';

/** Arguments Nest hands over as they are, with no pipe: nothing a client sends is in them unchecked. */
const UNPIPED: ReadonlySet<RouteParamtypes> = new Set([
  RouteParamtypes.REQUEST,
  RouteParamtypes.RESPONSE,
  RouteParamtypes.NEXT,
  RouteParamtypes.HEADERS,
  RouteParamtypes.HOST,
  RouteParamtypes.IP,
]);

const PRIMITIVES: ReadonlySet<unknown> = new Set([String, Number, Boolean, Array, Object]);

interface RouteArgument {
  readonly index: number;
  readonly data?: unknown;
}

/** What `readQueries` found: each read route's whole-query DTO, and the arguments it cannot check. */
export interface ReadQueries {
  readonly dtos: Map<string, Type>;
  readonly unchecked: string[];
}

/**
 * The whole-query DTO (`@Query() query: SomeQuery`) of each read route of `controllers`, keyed by
 * `routeKey`. A read may also take path parameters as text and the request, reply or headers as they
 * are; any other argument (a named `@Query('x')`, a `@Body()` on a GET, a typed `@Param()`) is named in
 * `unchecked`, since nothing would validate it.
 */
export function readQueries(controllers: readonly Type[]): ReadQueries {
  const dtos = new Map<string, Type>();
  const unchecked: string[] = [];
  for (const { controller, name, method, keys } of routeHandlers(controllers)) {
    if (!SAFE_METHODS.has(method)) continue;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
      string,
      RouteArgument
    >;
    const prototype = controller.prototype as object;
    const types = (Reflect.getMetadata(PARAMTYPES_METADATA, prototype, name) ?? []) as unknown[];
    for (const [key, { index, data }] of Object.entries(args)) {
      // Nest keys an argument `<RouteParamtypes>:<index>`; a custom decorator's key is not a number.
      const kind = Number(key.split(':')[0]) as RouteParamtypes;
      const type = types[index];
      if (UNPIPED.has(kind) || (kind === RouteParamtypes.PARAM && type === String)) continue;
      if (kind === RouteParamtypes.QUERY && data === undefined && !PRIMITIVES.has(type)) {
        for (const route of keys) dtos.set(route, type as Type);
        continue;
      }
      unchecked.push(`${RequestMethod[method]} ${controller.name}.${name} argument ${index}`);
    }
  }
  return { dtos, unchecked };
}

/**
 * Validates each read route's query as the request arrives, in Fastify's `preValidation`, and hands
 * the route the validated DTO as its query. Mutations are validated by the same pipe within their
 * audit (`@Audited`), so a refused body is on the trail.
 *
 * A Fastify hook rather than a global Nest pipe: Nest runs a route's pipes through a chain of promises
 * on every request, polled reads included. A query string that passed before is answered from memory,
 * with no promise. The service refuses to start with a read argument nothing validates.
 */
@Injectable()
export class ReadValidation implements OnModuleInit {
  private readonly pipe = new RequestValidationPipe();
  private readonly passed = new PassedQueries();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // an application context (the headless replay) serves no HTTP
    const { dtos, unchecked } = readQueries(controllerTypes(this.discovery));
    if (unchecked.length > 0)
      throw new Error(`read arguments nothing validates: ${unchecked.join(', ')}`);
    fastify.addHook('preValidation', (request, _reply, done) => {
      const url = request.routeOptions.url;
      const dto = url === undefined ? undefined : dtos.get(routeKey(request.method, url));
      if (dto === undefined) return done();
      const passed = this.passed.get(dto, queryString(request.url));
      if (passed !== undefined) {
        request.query = passed;
        return done();
      }
      this.validate(request, dto).then(
        () => done(),
        (error: unknown) => done(error as Error),
      );
    });
  }

  private async validate(request: FastifyRequest, dto: Type): Promise<void> {
    const valid = (await this.pipe.transform(request.query, {
      type: 'query',
      metatype: dto,
      data: undefined,
    })) as object;
    request.query = this.passed.remember(dto, queryString(request.url), valid);
  }
}
