import { ApiProperty } from '@nestjs/swagger';
import { GuidanceDto } from '../orchestration/guidance.dto.js';
import { PortfolioStatusDto } from '../orchestration/portfolio.dto.js';

export class BackupDto {
  @ApiProperty({
    description: 'File name: market time, wall time and schema version.',
    example: 'cloud-trader_m20210512T101500000Z_w20261203T082046123Z_v40.sqlite',
  })
  readonly name!: string;
  @ApiProperty({
    description: 'Market time of the state the backup holds.',
    example: '2021-05-12T10:15:00.000Z',
  })
  readonly marketTime!: string;
  @ApiProperty({ description: 'Wall time it was taken.', example: '2026-12-03T08:20:46.123Z' })
  readonly wallTime!: string;
  @ApiProperty({ description: 'Highest schema migration in it.', example: 40 })
  readonly schemaVersion!: number;
  @ApiProperty({ description: 'Size of the backup file.' }) readonly bytes!: number;
  @ApiProperty({ description: 'Copy, check, upload and pruning, in milliseconds.' })
  readonly durationMs!: number;
  @ApiProperty({
    type: [String],
    description: 'The local file, then the Cloud Storage object when a bucket is configured.',
  })
  readonly locations!: string[];
  @ApiProperty({
    description:
      'The one wait the backup put on the event loop, in milliseconds: until its worker had pinned the snapshot (0 when a pin taken without waiting held).',
  })
  readonly pinWaitMs!: number;
}

/** What the API reported in the very turn of the event loop whose state the backup holds. */
export class BackupMomentDto {
  @ApiProperty({ type: PortfolioStatusDto, description: 'The portfolio as the API reported it.' })
  readonly portfolio!: PortfolioStatusDto;
  @ApiProperty({ type: [GuidanceDto], description: 'Per agent: positions, threshold, limits.' })
  readonly guidance!: GuidanceDto[];
}

export class BackupResponseDto {
  @ApiProperty({ type: BackupDto, description: 'The backup taken.' }) readonly backup!: BackupDto;
  @ApiProperty({ type: BackupMomentDto, description: 'What the backup holds, as the API saw it.' })
  readonly state!: BackupMomentDto;
}
