import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Audited } from '../access/audited.decorator.js';
import { RequiresScope } from '../platform/route-access.js';
import { ExchangeAccountState, venueAccountDto } from './exchange-account.state.js';
import { VenueAccount } from './trading-venue.js';
import { VenueAccountDto } from './venue-account.dto.js';

@ApiTags('exchange')
@Controller('admin/exchange')
@RequiresScope('admin')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing, malformed or unknown bearer token.' })
@ApiForbiddenResponse({ description: 'The token is not an admin token.' })
export class ExchangeAdminController {
  constructor(private readonly account: VenueAccount) {}

  @Post('accept')
  @HttpCode(200)
  @Audited(ExchangeAccountState)
  @ApiOperation({
    operationId: 'acceptExchangeState',
    summary:
      "After a reconciliation mismatch, accept the exchange's positions and open orders as they are: live orders resume without a restart.",
  })
  @ApiOkResponse({ type: VenueAccountDto })
  @ApiConflictResponse({
    description: 'Nothing to accept: paper trading, not reconciled yet, in agreement, or halted.',
  })
  accept(@Req() request: FastifyRequest): VenueAccountDto {
    return venueAccountDto(this.account.accept(request.principal?.name ?? 'an admin'));
  }
}
