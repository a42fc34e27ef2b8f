import { Injectable, type OnModuleInit, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { AuditedBy } from './audited-state.js';
import { controllerTypes } from './route-table.js';

const SAFE_METHODS: ReadonlySet<RequestMethod> = new Set([
  RequestMethod.GET,
  RequestMethod.HEAD,
  RequestMethod.OPTIONS,
]);

/** `POST PortfolioAdminController.halt` for every mutating route of `controllers` without `@Audited`. */
export function unauditedRoutes(controllers: readonly Type[], reflector: Reflector): string[] {
  const missing: string[] = [];
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined || SAFE_METHODS.has(method)) continue;
      if (reflector.get(AuditedBy, handler) === undefined)
        missing.push(`${RequestMethod[method]} ${controller.name}.${name}`);
    }
  }
  return missing;
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
