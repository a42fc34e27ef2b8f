import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ID_SCHEMA, ROLES } from '../config/roster.js';

export class AgentActivityDto {
  @ApiProperty({ description: 'The agent.', ...AGENT_ID_SCHEMA, example: 'freqtrade-hft' })
  readonly agentId!: string;
  @ApiProperty({ description: 'Its role.', enum: ROLES, example: 'hft' }) readonly role!: string;
  @ApiProperty({
    description:
      'Weighted message rate over the mean of all agents; 1 = average, over 2 = imbalance.',
    example: 1.4,
  })
  readonly activityScore!: number;
  @ApiProperty({
    description: 'Exponentially weighted messages per minute of market time.',
    example: 0.4,
  })
  readonly messagesPerMinute!: number;
  @ApiProperty({ description: 'Messages accepted from the agent (heartbeats excluded).' })
  readonly sent!: number;
  @ApiProperty({ description: 'Messages delivered to the agent.' }) readonly delivered!: number;
  @ApiProperty({ description: 'Messages from the agent that were throttled.' })
  readonly throttled!: number;
  @ApiProperty({
    description: 'Broadcasts withheld from the agent: relevance under its threshold.',
  })
  readonly filtered!: number;
  @ApiProperty({
    description:
      'Messages superseded in the agent’s inbox by a newer signal before it handled them.',
  })
  readonly coalesced!: number;
  @ApiProperty({ description: 'Messages dropped from the agent’s full inbox (oldest first).' })
  readonly dropped!: number;
  @ApiProperty({ description: 'Messages refused: a type the agent’s role may not publish.' })
  readonly rejected!: number;
  @ApiProperty({
    description: 'Relevance (0–1) a broadcast needs to reach the agent.',
    minimum: 0,
    maximum: 1,
    example: 0.55,
  })
  readonly participationThreshold!: number;
  @ApiProperty({
    description: 'Activity score under which the role raises “participation below threshold”.',
  })
  readonly floor!: number;
  @ApiProperty({ description: 'Alert state: the agent has stayed under its participation floor.' })
  readonly belowFloor!: boolean;
  @ApiProperty({
    description: 'Balance rule: over 2× the average activity, its bucket refills at half rate.',
  })
  readonly slowed!: boolean;
  @ApiProperty({
    description:
      'An external agent is connected over Pub/Sub (always false for in-process agents).',
  })
  readonly connected!: boolean;
  @ApiProperty({
    description: 'When the agent last sent a message, ISO 8601; null if never.',
    type: String,
    nullable: true,
    example: '2026-11-25T21:00:00.000Z',
  })
  readonly lastSeenAt!: string | null;
}

export class ActivityReportDto {
  @ApiProperty({ description: 'One entry per agent.', type: [AgentActivityDto] })
  readonly agents!: AgentActivityDto[];
  @ApiProperty({
    description: 'Throttled signals / signals sent since start (target < 0.3).',
    example: 0.12,
  })
  readonly throttledSignalRatio!: number;
  @ApiProperty({
    description:
      '1 − deliveries / deliveries of the everyone-gets-everything baseline (target 0.6–0.8).',
    example: 0.7,
  })
  readonly messageReduction!: number;
  @ApiProperty({
    description: 'What the everyone-gets-everything baseline would have delivered to agents.',
  })
  readonly baselineDeliveries!: number;
  @ApiProperty({ description: 'Deliveries to agents (queued or handled).' })
  readonly deliveries!: number;
  @ApiProperty({ description: 'Time constant of the activity rates, in seconds.', example: 60 })
  readonly windowSeconds!: number;
  @ApiProperty({ description: 'false: the naive baseline (no throttling, no filtering).' })
  readonly mcpEnabled!: boolean;
  @ApiProperty({ description: 'Whether thresholds are auto-tuned (PARTICIPATION_AUTOTUNE).' })
  readonly autoTune!: boolean;
  @ApiProperty({
    enum: ['calm', 'normal', 'volatile'],
    description: 'Market regime auto-tuning reacts to.',
  })
  readonly marketRegime!: string;
}
