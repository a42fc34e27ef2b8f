import { Reflector } from '@nestjs/core';
import type { AccessScope } from '../config/api-tokens.js';

/** `public`: no token at all (probes, metrics, static files). */
export type RouteAccess = AccessScope | 'public';

/**
 * The scope a route needs. Without it a GET needs `read` and anything else `admin`, so a new mutating
 * route is closed until someone decides otherwise.
 */
export const RequiresScope = Reflector.createDecorator<RouteAccess>();
