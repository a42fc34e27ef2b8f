import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AgentRuntime } from './agent-runtime.service.js';
import { AGENT_ID_SCHEMA, ROLES } from '../config/roster.js';

class AgentStatusDto {
  @ApiProperty({ description: 'The agent.', ...AGENT_ID_SCHEMA, example: 'lag-llama' })
  readonly agentId!: string;
  @ApiProperty({ description: 'Its role.', enum: ROLES, example: 'forecaster' })
  readonly role!: string;
  @ApiProperty({
    example: 'forecaster',
    description:
      'The built-in driver that runs the agent; `none` for a seat declared in MCP_SEATS.',
  })
  readonly driver!: string;
  @ApiProperty({
    enum: ['in-process', 'mcp'],
    description:
      '`mcp`: the agent exists only as an MCP seat (MCP_SEATS), idle while no client holds it.',
  })
  readonly transport!: string;
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
    description:
      'Why the agent stays idle (paused), when it does: none of its symbols in the data (for the run), or an empty MCP seat.',
    example: 'none of its symbols (SOLUSDT) is in the market data (BTCUSDT, ETHUSDT)',
  })
  readonly idle?: string;
}

class AgentsDto {
  @ApiProperty({ description: 'Every roster agent.', type: [AgentStatusDto] })
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
