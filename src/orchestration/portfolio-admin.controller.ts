import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Audited } from '../access/audited.decorator.js';
import { RequiresScope } from '../platform/route-access.js';
import { BreakerState } from './breaker.state.js';
import { BreakerDto } from './portfolio.dto.js';
import { PortfolioService } from './portfolio.service.js';
import { HaltDto } from './report.dto.js';
import { AGENT_ID_NOTE } from '../config/roster.js';

@ApiTags('portfolio')
@Controller('admin')
@RequiresScope('admin')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing, malformed or unknown bearer token.' })
@ApiForbiddenResponse({ description: 'The token is not an admin token.' })
export class PortfolioAdminController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Post('halt')
  @HttpCode(200)
  @Audited(BreakerState)
  @ApiOperation({
    operationId: 'haltTrading',
    summary:
      'Halt trading (trips the portfolio breaker): no new risk, only orders that cut exposure; persisted; only a reset resumes it.',
  })
  @ApiOkResponse({ type: BreakerDto })
  @ApiBadRequestResponse({ description: 'reason missing, blank or not a string.' })
  halt(@Body() body: HaltDto): BreakerDto {
    return this.portfolio.halt(body.reason.trim());
  }

  @ApiParam({
    name: 'id',
    description: `An agent id (${AGENT_ID_NOTE}), or \`portfolio\`.`,
    type: String,
  })
  @Post('breakers/:id/reset')
  @HttpCode(200)
  @Audited(BreakerState)
  @ApiOperation({
    operationId: 'resetBreaker',
    summary: 'Reset a breaker: an agent id, or `portfolio`. Persisted.',
  })
  @ApiOkResponse({ type: BreakerDto })
  @ApiNotFoundResponse({ description: 'No such breaker.' })
  reset(@Param('id') id: string): BreakerDto {
    return this.portfolio.resetBreaker(id);
  }
}
