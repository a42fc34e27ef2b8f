import { Injectable, type OnModuleInit, RequestMethod, type Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { AuditedBy } from './audited-state.js';
import { controllerTypes, routeHandlers, SAFE_METHODS } from '../platform/routes.js';

/** `POST PortfolioAdminController.halt` for every mutating route of `controllers` without `@Audited`. */
export function unauditedRoutes(controllers: readonly Type[], reflector: Reflector): string[] {
  return routeHandlers(controllers)
    .filter(
      ({ handler, method }) =>
        !SAFE_METHODS.has(method) && reflector.get(AuditedBy, handler) === undefined,
    )
    .map(({ controller, name, method }) => `${RequestMethod[method]} ${controller.name}.${name}`);
}

/**
 * The audit interceptor sits on each mutating route rather than on every request, so forgetting it
 * would silently leave a change untraced: the service refuses to start instead, naming each route.
 */
@Injectable()
export class AuditCoverage implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const missing = unauditedRoutes(controllerTypes(this.discovery), this.reflector);
    if (missing.length > 0)
      throw new Error(`mutating routes without @Audited(): ${missing.join(', ')}`);
  }
}
