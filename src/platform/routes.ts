import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { DiscoveryService } from '@nestjs/core';

/** The methods that read: a route on one of them changes nothing. */
export const SAFE_METHODS: ReadonlySet<RequestMethod> = new Set([
  RequestMethod.GET,
  RequestMethod.HEAD,
  RequestMethod.OPTIONS,
]);

/** The service's controller classes. */
export function controllerTypes(discovery: DiscoveryService): Type[] {
  return discovery
    .getControllers()
    .map((wrapper) => wrapper.metatype)
    .filter((type): type is Type => typeof type === 'function');
}

/** `GET /admin/audit`: a route as Fastify registered it (HEAD answers with its GET). */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

function paths(metadata: unknown): string[] {
  const list = Array.isArray(metadata) ? (metadata as unknown[]) : [metadata ?? '/'];
  return list.map((p) => String(p));
}

/** Nest's joining of a controller's and a handler's paths: one leading slash, none trailing. */
function join(controllerPath: string, handlerPath: string): string {
  const joined = `/${controllerPath}/${handlerPath}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** A route handler of a controller, with the HTTP method Nest serves it on. */
export interface RouteHandler {
  readonly controller: Type;
  readonly name: string;
  readonly handler: (...args: never[]) => unknown;
  readonly method: RequestMethod;
  /** Its `routeKey`s: one per path the controller and the handler name. */
  readonly keys: readonly string[];
}

/** Every method of `controllers` that Nest serves as a route. */
export function routeHandlers(controllers: readonly Type[]): RouteHandler[] {
  const handlers: RouteHandler[] = [];
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const keys = paths(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) =>
        paths(Reflect.getMetadata(PATH_METADATA, handler)).map((path) =>
          routeKey(RequestMethod[method], join(base, path)),
        ),
      );
      handlers.push({
        controller,
        name,
        handler: handler as RouteHandler['handler'],
        method,
        keys,
      });
    }
  }
  return handlers;
}
