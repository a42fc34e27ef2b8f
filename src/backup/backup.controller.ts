import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Audited } from '../access/audited.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { GuidanceService } from '../orchestration/guidance.service.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { RequiresScope } from '../platform/route-access.js';
import type { BackupMomentDto } from './backup.dto.js';
import { BackupResponseDto } from './backup.dto.js';
import { BackupService } from './backup.service.js';

@ApiTags('operations')
@Controller('admin')
@RequiresScope('admin')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing, malformed or unknown bearer token.' })
@ApiForbiddenResponse({ description: 'The token is not an admin token.' })
export class BackupController {
  constructor(
    private readonly config: AppConfig,
    private readonly backups: BackupService,
    private readonly portfolio: PortfolioService,
    private readonly guidance: GuidanceService,
  ) {}

  @Post('backup')
  @HttpCode(200)
  @Audited()
  @ApiOperation({
    operationId: 'takeBackup',
    summary:
      'Take an online backup now; answers with it and with the portfolio as the API showed it at that moment.',
  })
  @ApiOkResponse({ type: BackupResponseDto })
  @ApiConflictResponse({ description: 'A backup is already running.' })
  @ApiServiceUnavailableResponse({ description: 'The copy, its check or the upload failed.' })
  async backUp(): Promise<BackupResponseDto> {
    const { record, captured } = await this.backups.backUp(() => this.moment());
    return {
      backup: {
        name: record.name,
        marketTime: new Date(record.marketMs).toISOString(),
        wallTime: new Date(record.wallMs).toISOString(),
        schemaVersion: record.schemaVersion,
        bytes: record.bytes,
        durationMs: Math.round(record.durationMs),
        locations: [...record.locations],
        pinWaitMs: record.pinWaitMs,
      },
      state: captured,
    };
  }

  private moment(): BackupMomentDto {
    return {
      portfolio: this.portfolio.status(),
      guidance: this.config.roster.map((agent) => this.guidance.guidance(agent.id)),
    };
  }
}
