import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { Readiness } from './readiness.js';
import { SqliteConnection } from './sqlite-connection.js';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly sqlite: SqliteConnection,
    private readonly readiness: Readiness,
  ) {}

  @Get('healthz')
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Liveness: the process answers.' })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up({ pid: process.pid })]);
  }

  @Get('readyz')
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness: started, database reachable, not shutting down.',
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
    ]);
  }
}
