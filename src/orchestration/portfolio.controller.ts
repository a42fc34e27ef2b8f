import { Controller, Get, Header, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { GuidanceDto } from './guidance.dto.js';
import { GuidanceService } from './guidance.service.js';
import { AgentRolesDto, PortfolioStatusDto } from './portfolio.dto.js';
import { PortfolioService } from './portfolio.service.js';
import { AGENT_ID_NOTE, AGENT_ID_SCHEMA } from '../config/roster.js';
import { JSON_CONTENT_TYPE, jsonOnce, type JsonText } from '../platform/json-text.js';

@ApiTags('portfolio')
@ApiBearerAuth('read')
@Controller()
export class PortfolioController {
  constructor(
    private readonly config: AppConfig,
    private readonly portfolio: PortfolioService,
    private readonly guidance: GuidanceService,
  ) {}

  @Get('portfolio-status')
  @ApiOperation({
    operationId: 'getPortfolioStatus',
    summary: 'Equity, cash, drawdown, and each agent’s allocation, exposure and PnL.',
  })
  @ApiOkResponse({ type: PortfolioStatusDto })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  status(): JsonText<PortfolioStatusDto> {
    return jsonOnce(this.portfolio.status());
  }

  @Get('agent-roles')
  @ApiOperation({
    operationId: 'listAgentRoles',
    summary: 'The roles, what each may publish, whether it trades, and its agents.',
  })
  @ApiOkResponse({ type: AgentRolesDto })
  roles(): AgentRolesDto {
    return {
      roles: this.config.roles.map((r) => ({
        role: r.role,
        description: r.description,
        agents: this.config.roster.filter((a) => a.role === r.role).map((a) => a.id),
        publishes: [...r.publishes],
        trades: r.trades,
        baseWeight: r.baseWeight,
        defaultThreshold: r.defaultThreshold,
        floor: r.floor,
      })),
    };
  }

  @ApiParam({ name: 'id', description: `The agent: ${AGENT_ID_NOTE}.`, ...AGENT_ID_SCHEMA })
  @Get('agent/:id/guidance')
  @ApiOperation({
    operationId: 'getAgentGuidance',
    summary:
      'An agent’s role, allocation, limits, positions, threshold, instructions and relevant theses.',
  })
  @ApiOkResponse({ type: GuidanceDto })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  agentGuidance(@Param('id') id: string): GuidanceDto {
    return this.guidance.guidance(id);
  }
}
