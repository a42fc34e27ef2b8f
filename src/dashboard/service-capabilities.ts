import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Which of the endpoints the page can use this build serves; the page hides or greys the rest. */
export interface Capabilities {
  readonly alerts: boolean;
  readonly halt: boolean;
}

/**
 * Answers from the router rather than by probing: a probe that 404s is an error in the browser's
 * console, and an operator's page should not cry wolf about a feature that simply is not built.
 */
@Injectable()
export class ServiceCapabilities {
  private known: Capabilities | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Read after start-up, when every controller's routes are registered. */
  get current(): Capabilities {
    if (!this.known) {
      const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
      this.known = {
        alerts: fastify.hasRoute({ method: 'GET', url: '/alerts' }),
        halt: fastify.hasRoute({ method: 'POST', url: '/admin/halt' }),
      };
    }
    return this.known;
  }
}
