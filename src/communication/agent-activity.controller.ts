import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
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
import { ActivityReportDto } from './agent-activity.dto.js';
import { AgentCoordinator } from './agent-coordinator.service.js';
import {
  ParticipationThresholdDto,
  SetParticipationThresholdDto,
} from './participation-threshold.dto.js';
import { ParticipationThresholdState } from './participation-threshold.state.js';
import { AGENT_ID_NOTE, AGENT_ID_SCHEMA } from '../config/roster.js';

@ApiTags('communication')
@Controller()
export class AgentActivityController {
  constructor(private readonly coordinator: AgentCoordinator) {}

  @Get('agent-activity')
  @ApiBearerAuth('read')
  @ApiOperation({
    operationId: 'getAgentActivity',
    summary:
      'Per-agent activity, throttling and filtering, and the reduction against the naive baseline.',
  })
  @ApiOkResponse({ type: ActivityReportDto })
  activity(): ActivityReportDto {
    return this.coordinator.activity();
  }

  @ApiParam({ name: 'agent_id', description: `The agent: ${AGENT_ID_NOTE}.`, ...AGENT_ID_SCHEMA })
  @Post('set-participation-threshold/:agent_id')
  @HttpCode(200)
  @RequiresScope('operator')
  @Audited(ParticipationThresholdState)
  @ApiBearerAuth('operator')
  @ApiOperation({
    operationId: 'setParticipationThreshold',
    summary: 'Set the relevance (0–1) a broadcast needs to reach an agent. Persisted.',
  })
  @ApiOkResponse({ type: ParticipationThresholdDto })
  @ApiBadRequestResponse({ description: 'threshold missing, not a number, or outside 0–1.' })
  @ApiUnauthorizedResponse({ description: 'Missing, malformed or unknown bearer token.' })
  @ApiForbiddenResponse({ description: 'A read token: this needs operator or admin.' })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  setThreshold(
    @Param('agent_id') agentId: string,
    @Body() body: SetParticipationThresholdDto,
  ): ParticipationThresholdDto {
    const autoTuneBand = body.autoTuneBand ?? 0;
    const threshold = this.coordinator.setParticipationThreshold(
      agentId,
      body.threshold,
      autoTuneBand,
    );
    return { agentId, threshold, autoTuneBand };
  }
}
