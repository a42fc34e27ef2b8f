import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WireContract } from './wire-contract.js';
import { RequiresScope } from '../platform/route-access.js';

@ApiTags('bridge')
// Probes, scrapes and static files: reachable without a token.
@RequiresScope('public')
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contract: WireContract) {}

  @Get('agent-message.v1.json')
  @Header('Content-Type', 'application/schema+json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getAgentMessageContractV1',
    summary: 'Wire contract v1 for external agents, as a JSON Schema.',
  })
  @ApiOkResponse({ description: 'The JSON Schema every inbound message is validated against.' })
  agentMessageV1(): Readonly<Record<string, unknown>> {
    return this.contract.schema;
  }
}
