import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequiresScope } from '../platform/route-access.js';
import { agentCard } from './agent-card.js';

@ApiTags('mcp')
@Controller('.well-known')
// Discovery: an agent reads the card before it holds a seat token.
@RequiresScope('public')
export class AgentCardController {
  @Get('agent-card.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getAgentCard',
    summary: 'A2A agent card: the skills an outside agent gets with a seat (over MCP).',
  })
  @ApiOkResponse({ description: 'An A2A AgentCard.' })
  card(@Req() request: FastifyRequest): ReturnType<typeof agentCard> {
    return agentCard(`${request.protocol}://${request.host}`);
  }
}
