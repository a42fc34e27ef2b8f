import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { AGENT_ID_SCHEMA } from '../config/roster.js';

export class SetParticipationThresholdDto {
  @ApiProperty({
    description: 'Relevance (0–1) a broadcast needs to reach the agent.',
    minimum: 0,
    maximum: 1,
    example: 0.35,
  })
  @IsDefined({ message: 'threshold is required' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' })
  @Min(0, { message: 'threshold must be at least 0' })
  @Max(1, { message: 'threshold must be at most 1' })
  threshold!: number;

  @ApiProperty({
    description:
      'How far auto-tuning may move the threshold either way from this value (0, the default, pins it).',
    minimum: 0,
    maximum: 0.5,
    required: false,
    example: 0.1,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'autoTuneBand must be a number' })
  @Min(0, { message: 'autoTuneBand must be at least 0' })
  @Max(0.5, { message: 'autoTuneBand must be at most 0.5' })
  autoTuneBand?: number;
}

export class ParticipationThresholdDto {
  @ApiProperty({ description: 'The agent.', ...AGENT_ID_SCHEMA, example: 'qwen' })
  agentId!: string;

  @ApiProperty({ description: 'The threshold now in force, 0–1.', example: 0.35 })
  threshold!: number;

  @ApiProperty({
    example: 0,
    description: 'Band auto-tuning may move the threshold within (0 = pinned).',
  })
  autoTuneBand!: number;
}
