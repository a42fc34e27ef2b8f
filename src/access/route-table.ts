import type { Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { RequiresScope, type RouteAccess } from '../platform/route-access.js';
import { routeHandlers, SAFE_METHODS } from '../platform/routes.js';

/**
 * The scope each route of `controllers` needs, keyed by `routeKey`: its `@RequiresScope` (the
 * handler's, else the controller's), or `read` for a GET and `admin` for anything else, so a new
 * mutating route is closed until someone decides otherwise.
 */
export function routeTable(
  controllers: readonly Type[],
  reflector: Reflector,
): Map<string, RouteAccess> {
  const table = new Map<string, RouteAccess>();
  for (const { controller, handler, method, keys } of routeHandlers(controllers)) {
    const access =
      reflector.getAllAndOverride(RequiresScope, [handler, controller]) ??
      (SAFE_METHODS.has(method) ? 'read' : 'admin');
    for (const key of keys) table.set(key, access);
  }
  return table;
}
