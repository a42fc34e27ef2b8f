import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { MarketTimeline } from './market-timeline.js';
import { Readiness } from './readiness.js';
import { SqliteConnection } from './sqlite-connection.js';
import { RequiresScope } from './route-access.js';
import { StorageHealth } from './storage-health.js';

@ApiTags('operations')
// Probes, scrapes and static files: reachable without a token.
@RequiresScope('public')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly sqlite: SqliteConnection,
    private readonly readiness: Readiness,
    private readonly timeline: MarketTimeline,
    private readonly storage: StorageHealth,
  ) {}

  @Get('healthz')
  @ApiOperation({
    operationId: 'checkLiveness',
    summary:
      'Liveness: the process answers; `market` gives the market time reached and whether the data has ended.',
  })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicators.check('process').up({ pid: process.pid }),
      () =>
        this.indicators.check('market').up({
          marketTime: new Date(this.timeline.now()).toISOString(),
          state: this.timeline.ended ? 'ended' : 'running',
          ended: this.timeline.ended,
          ...(this.timeline.endedAt === undefined
            ? {}
            : { endedAt: new Date(this.timeline.endedAt).toISOString() }),
          regressions: this.timeline.regressions,
        }),
    ]);
  }

  @Get('readyz')
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness: started, database reachable and writable, not shutting down.',
  })
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const session = this.indicators.check('lifecycle');
        const state = this.readiness.current;
        return state === 'ready' ? session.up({ state }) : session.down({ state });
      },
      () => {
        const session = this.indicators.check('sqlite');
        return this.sqlite.isHealthy() ? session.up() : session.down();
      },
      () => {
        const session = this.indicators.check('storage');
        const fault = this.storage.fault;
        return fault === undefined ? session.up() : session.down({ fault });
      },
    ]);
  }
}
