import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Audited } from '../access/audited.decorator.js';
import { RequiresScope } from '../platform/route-access.js';
import { OrderConfirmations, type PendingOrder } from './order-confirmations.js';

export class ConfirmationDto {
  @IsBoolean()
  @ApiProperty({ description: 'true: send the order to the orchestrator; false: decline it.' })
  readonly confirm!: boolean;
}

@ApiTags('mcp')
@Controller('admin/mcp/confirmations')
@RequiresScope('admin')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing, malformed or unknown bearer token.' })
@ApiForbiddenResponse({ description: 'The token is not an admin token.' })
export class OrderConfirmationsController {
  constructor(private readonly confirmations: OrderConfirmations) {}

  @Get()
  @ApiOperation({
    operationId: 'listOrderConfirmations',
    summary: 'Live mode: orders proposed over MCP that wait for an operator.',
  })
  list(): PendingOrder[] {
    return this.confirmations.list();
  }

  @Post(':id')
  @HttpCode(200)
  @Audited()
  @ApiOperation({
    operationId: 'decideOrderConfirmation',
    summary: 'Confirm or decline one waiting order.',
  })
  @ApiOkResponse({ description: 'The order answered.' })
  @ApiNotFoundResponse({ description: 'No such waiting order.' })
  answer(@Param('id') id: string, @Body() body: ConfirmationDto): PendingOrder {
    return this.confirmations.answer(id, body.confirm);
  }
}
