import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { ACCESS_SCOPES, type AccessScope } from '../config/api-tokens.js';

export class AuditQueryDto {
  @ApiProperty({ required: false, example: '100', description: 'Entries to return, 1–1000 (100).' })
  @IsOptional()
  @Matches(/^(1000|[1-9]\d{0,2})$/, { message: 'limit must be a whole number from 1 to 1000' })
  @IsString()
  limit?: string;

  @ApiProperty({
    required: false,
    description: 'Only entries older than this auditId (the next page).',
  })
  @IsOptional()
  @Matches(/^[1-9]\d{0,14}$/, { message: 'beforeId must be a positive whole number' })
  @IsString()
  beforeId?: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'The entry’s id, increasing.' }) readonly auditId!: number;
  @ApiProperty({ example: 'admin', description: 'Name of the token that made the call.' })
  readonly tokenName!: string;
  @ApiProperty({ enum: ACCESS_SCOPES, description: 'Scope of that token.' })
  readonly tokenScope!: AccessScope;
  @ApiProperty({ example: 'POST', description: 'HTTP method.' }) readonly method!: string;
  @ApiProperty({ example: '/admin/breakers/:id/reset', description: 'The route called.' })
  readonly route!: string;
  @ApiProperty({ example: '/admin/breakers/qwen/reset', description: 'The path called.' })
  readonly path!: string;
  @ApiProperty({ example: 200, description: 'HTTP status of the answer.' })
  readonly status!: number;
  @ApiProperty({ example: '10.0.0.7', description: 'Address the call came from.' })
  readonly clientAddress!: string;
  @ApiProperty({ type: Object, nullable: true, description: 'The request body (its first 4 KB).' })
  readonly request!: unknown;
  @ApiProperty({ type: Object, nullable: true, description: 'What it changed, before.' })
  readonly before!: unknown;
  @ApiProperty({ type: Object, nullable: true, description: 'What it changed, after.' })
  readonly after!: unknown;
  @ApiProperty({ description: 'Market time of the call, ISO-8601.' }) readonly ts!: string;
  @ApiProperty({ description: 'Wall time of the call, ISO-8601.' }) readonly recordedAt!: string;
}

export class AuditLogDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first.' })
  readonly entries!: AuditEntryDto[];
}
