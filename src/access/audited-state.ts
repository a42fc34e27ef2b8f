import type { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * Reads the state a mutating route changes, for the audit trail's before and after: the owning module
 * implements it, the route names it with `@Audited`.
 */
export abstract class AuditedState {
  /** The state the call addresses, from its path parameters; `null` when there is none. */
  abstract read(params: Readonly<Record<string, string>>): unknown;
}

/** The state an audited route changes; `null` for a route whose trail records the call alone. */
export const AuditedBy = Reflector.createDecorator<Type<AuditedState> | null>();
