import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AgentRuntime } from './agent-runtime.service.js';

class AgentStatusDto {
  @ApiProperty({ example: 'lag-llama' }) readonly agentId!: string;
  @ApiProperty({ example: 'forecaster' }) readonly role!: string;
  @ApiProperty({ example: 'forecaster', description: 'The built-in driver that runs the agent.' })
  readonly driver!: string;
  @ApiProperty({ enum: ['created', 'starting', 'running', 'paused', 'stopped', 'failed'] })
  readonly state!: string;
}

class AgentsDto {
  @ApiProperty({ type: [AgentStatusDto] }) readonly agents!: AgentStatusDto[];
}

@ApiTags('agents')
@ApiBearerAuth('read')
@Controller()
export class AgentsController {
  constructor(private readonly runtime: AgentRuntime) {}

  @Get('agents')
  @ApiOperation({ summary: 'The in-process agents, their drivers and lifecycle states.' })
  @ApiOkResponse({ type: AgentsDto })
  agents(): AgentsDto {
    return { agents: this.runtime.statuses() };
  }
}
