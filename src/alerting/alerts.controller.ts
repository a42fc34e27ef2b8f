import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertMonitor } from './alert-monitor.service.js';
import { AlertsDto } from './alerts.dto.js';

@ApiTags('operations')
@ApiBearerAuth('read')
@Controller()
export class AlertsController {
  constructor(private readonly monitor: AlertMonitor) {}

  @Get('alerts')
  @ApiOperation({
    operationId: 'listAlerts',
    summary:
      'The PrometheusRule alerts, evaluated inside the service (inactive, pending or firing), and the venue’s latest alerts.',
  })
  @ApiOkResponse({ type: AlertsDto })
  alerts(): AlertsDto {
    return { alerts: this.monitor.alerts(), venue: [...this.monitor.venueAlerts()] };
  }
}
