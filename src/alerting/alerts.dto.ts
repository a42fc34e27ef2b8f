import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_ALERT_NAMES, type ServiceAlertName } from './alert-definitions.js';
import type { AlertState } from './alert-evaluator.js';
import { VENUE_ALERTS_KEPT } from './venue-alerts.js';

export class AlertLabelsDto {
  @ApiProperty({ required: false, example: 'qwen', description: 'Set on per-agent alerts.' })
  readonly agent?: string;
}

export class AlertDto {
  @ApiProperty({
    description: 'The alert (as in the Prometheus rules).',
    enum: SERVICE_ALERT_NAMES,
  })
  readonly name!: ServiceAlertName;
  @ApiProperty({
    description: '`firing` once the condition held for its duration; `pending` before.',
    enum: ['inactive', 'pending', 'firing'],
  })
  readonly state!: AlertState;
  @ApiProperty({ description: 'How urgent.', enum: ['info', 'warning', 'critical'] })
  readonly severity!: string;
  @ApiProperty({ description: 'One line for a person.' }) readonly summary!: string;
  @ApiProperty({ description: 'What it means and what to do.' }) readonly description!: string;
  @ApiProperty({ description: 'Which agent it concerns, if any.', type: AlertLabelsDto })
  readonly labels!: AlertLabelsDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the condition started to hold (pending or firing); null when inactive.',
    example: '2026-11-25T21:00:00.000Z',
  })
  readonly activeSince!: string | null;
}

export class VenueAlertDto {
  @ApiProperty({
    description: 'The venue adapter or bot connector that raised it.',
    enum: ['aster', 'freqtrade'],
  })
  readonly source!: 'aster' | 'freqtrade';
  @ApiProperty({
    description: 'What happened, for a person.',
    example: 'Aster banned this IP (418) until 2026-11-25T21:00:00.000Z',
  })
  readonly message!: string;
  @ApiProperty({ description: 'Market time it was raised.', example: '2026-11-25T20:55:00.000Z' })
  readonly marketTime!: string;
  @ApiProperty({ description: 'Wall time it was raised.', example: '2026-11-25T20:55:01.000Z' })
  readonly raisedAt!: string;
}

export class AlertsDto {
  @ApiProperty({
    type: [AlertDto],
    description:
      'Every alert: one entry per agent it is active for, or one inactive entry when it is active for none.',
  })
  readonly alerts!: AlertDto[];
  @ApiProperty({
    type: [VenueAlertDto],
    description: `The venue's latest alerts, newest first (at most ${VENUE_ALERTS_KEPT}): events that need an operator, kept until newer ones push them out.`,
  })
  readonly venue!: VenueAlertDto[];
}
