import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsNumber, Max, Min } from 'class-validator';

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
}

export class ParticipationThresholdDto {
  @ApiProperty({ example: 'qwen' })
  agentId!: string;

  @ApiProperty({ example: 0.35 })
  threshold!: number;
}
