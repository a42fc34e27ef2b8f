import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { StoredAuditEntry } from './audit-entry.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { type AuditEntryDto, AuditLogDto, AuditQueryDto } from './audit.dto.js';
import { RequiresScope } from '../platform/route-access.js';

const DEFAULT_LIMIT = 100;

@ApiTags('access')
@Controller('audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogRepository) {}

  @Get()
  @RequiresScope('admin')
  @ApiBearerAuth('admin')
  @ApiOperation({
    operationId: 'getAuditLog',
    summary: 'The audit trail of mutating calls, newest first.',
  })
  @ApiOkResponse({ type: AuditLogDto })
  @ApiBadRequestResponse({ description: 'limit or beforeId not a positive whole number.' })
  @ApiUnauthorizedResponse({ description: 'Missing, malformed or unknown bearer token.' })
  @ApiForbiddenResponse({ description: 'The token is not an admin token.' })
  list(@Query() query: AuditQueryDto): AuditLogDto {
    const limit = query.limit ? Number(query.limit) : DEFAULT_LIMIT;
    const beforeId = query.beforeId ? Number(query.beforeId) : undefined;
    return { entries: this.auditLog.list(limit, beforeId).map(toDto) };
  }
}

function toDto(entry: StoredAuditEntry): AuditEntryDto {
  const parse = (text: string | null): unknown => {
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text; // a truncated request body
    }
  };
  return {
    auditId: entry.auditId,
    tokenName: entry.tokenName,
    tokenScope: entry.tokenScope,
    method: entry.method,
    route: entry.route,
    path: entry.path,
    status: entry.status,
    clientAddress: entry.clientAddress,
    request: parse(entry.requestJson),
    before: parse(entry.beforeJson),
    after: parse(entry.afterJson),
    ts: new Date(entry.ts).toISOString(),
    recordedAt: new Date(entry.recordedAt).toISOString(),
  };
}
