import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AgentRuntime } from './agent-runtime.service.js';
import { AGENT_IDS, ROLES } from '../config/roster.js';

class AgentStatusDto {
  @ApiProperty({ description: 'The agent.', enum: AGENT_IDS, example: 'lag-llama' })
  readonly agentId!: string;
  @ApiProperty({ description: 'Its role.', enum: ROLES, example: 'forecaster' })
  readonly role!: string;
  @ApiProperty({ example: 'forecaster', description: 'The built-in driver that runs the agent.' })
  readonly driver!: string;
  @ApiProperty({
    description: 'Lifecycle state.',
    enum: ['created', 'starting', 'running', 'paused', 'stopped', 'failed'],
  })
  readonly state!: string;
  @ApiProperty({
    required: false,
    description: 'Why a running agent sends nothing, said once when it goes quiet.',
    example:
      'no headlines for this period: they cover 2022-05-01T00:00:00.000Z to 2022-05-31T23:00:00.000Z, market time is 2021-06-01T00:00:00.000Z',
  })
  readonly quiet?: string;
  @ApiProperty({
    description: 'The roster symbols it trades: those the market data has.',
    type: [String],
    example: ['BTCUSDT', 'ETHUSDT'],
  })
  readonly symbols!: readonly string[];
  @ApiProperty({
    required: false,
    description: 'Why the agent stays idle (paused for the run), when it does.',
    example: 'none of its symbols (SOLUSDT) is in the market data (BTCUSDT, ETHUSDT)',
  })
  readonly idle?: string;
}

class AgentsDto {
  @ApiProperty({ description: 'Every in-process agent.', type: [AgentStatusDto] })
  readonly agents!: AgentStatusDto[];
}

@ApiTags('agents')
@ApiBearerAuth('read')
@Controller()
export class AgentsController {
  constructor(private readonly runtime: AgentRuntime) {}

  @Get('agents')
  @ApiOperation({
    operationId: 'listAgents',
    summary: 'The in-process agents, their drivers and lifecycle states.',
  })
  @ApiOkResponse({ type: AgentsDto })
  agents(): AgentsDto {
    return { agents: this.runtime.statuses() };
  }
}
