import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ID_SCHEMA, ROLES } from '../config/roster.js';

export class GuidanceLimitsDto {
  @ApiProperty({ description: 'Largest single order, USD.' }) readonly maxOrderUsd!: number;
  @ApiProperty({ description: 'Largest single order as a fraction of the agent’s capital.' })
  readonly maxOrderFraction!: number;
  @ApiProperty({ description: 'Smallest order worth sending, USD.' }) readonly minOrderUsd!: number;
  @ApiProperty({ description: 'Messages the agent may send in a burst.' })
  readonly burstMessages!: number;
  @ApiProperty({ description: 'Sustained messages per minute of market time.' })
  readonly messagesPerMinute!: number;
  @ApiProperty({ description: 'Orders the agent may place in any minute.' })
  readonly maxOrdersPerMinute!: number;
  @ApiProperty({ description: 'One symbol across all agents, percent of portfolio equity.' })
  readonly maxSymbolExposurePct!: number;
  @ApiProperty({ description: 'All positions across agents, percent of portfolio equity.' })
  readonly maxGrossExposurePct!: number;
  @ApiProperty({
    description: 'Drawdown from its PnL peak that trips the agent’s breaker, percent.',
  })
  readonly maxDrawdownPct!: number;
  @ApiProperty({ enum: ['ok', 'halted', 'reduce-only'], description: 'The agent’s breaker now.' })
  readonly breaker!: string;
  @ApiProperty({ description: 'Whether the agent may short (sell more than it holds).' })
  readonly shortingAllowed!: boolean;
}

export class PositionDto {
  @ApiProperty({ description: 'The symbol.', example: 'BTCUSDT' }) readonly symbol!: string;
  @ApiProperty({ description: 'Quantity held, base asset.' }) readonly quantity!: number;
  @ApiProperty({ description: 'Average cost, USD per unit.' }) readonly averagePrice!: number;
}

export class ThesisSummaryDto {
  @ApiProperty({ description: 'Id of the thesis message.' }) readonly messageId!: string;
  @ApiProperty({
    description: 'The agent that published it.',
    ...AGENT_ID_SCHEMA,
    example: 'deepseek-v3',
  })
  readonly from!: string;
  @ApiProperty({ description: 'The symbol it is about.', required: false, example: 'BTCUSDT' })
  readonly symbol?: string;
  @ApiProperty({ description: 'The stance: buy or sell.', required: false, enum: ['buy', 'sell'] })
  readonly side?: string;
  @ApiProperty({ description: 'Confidence, 0–1.', required: false }) readonly confidence?: number;
  @ApiProperty({ description: 'How long it is meant to hold.', required: false, example: '4h' })
  readonly horizon?: string;
  @ApiProperty({ description: 'The rationale.', required: false }) readonly text?: string;
  @ApiProperty({ description: 'When it was published, ISO 8601.' }) readonly ts!: string;
}

export class GuidanceDto {
  @ApiProperty({ description: 'The agent.', ...AGENT_ID_SCHEMA, example: 'deepseek-v3' })
  readonly agentId!: string;
  @ApiProperty({ description: 'Its role.', enum: ROLES, example: 'strategist' })
  readonly role!: string;
  @ApiProperty({ description: 'Actual share of portfolio equity, 0–100.' })
  readonly allocationPct!: number;
  @ApiProperty({ description: 'Target share, 0–100.' }) readonly targetPct!: number;
  @ApiProperty({
    description: 'The agent’s equity (cash plus positions) that orders are sized on, USD.',
  })
  readonly capitalUsd!: number;
  @ApiProperty({ description: 'Cash the agent can still deploy, USD.' }) readonly cashUsd!: number;
  @ApiProperty({
    description: 'Order, message, exposure and drawdown limits.',
    type: GuidanceLimitsDto,
  })
  readonly limits!: GuidanceLimitsDto;
  @ApiProperty({ description: 'Its positions at average cost.', type: [PositionDto] })
  readonly openPositions!: PositionDto[];
  @ApiProperty({
    description: 'Relevance (0–1) a broadcast needs to reach it.',
    minimum: 0,
    maximum: 1,
  })
  readonly participationThreshold!: number;
  @ApiProperty({ description: 'Symbols it trades or watches.', type: [String] })
  readonly symbols!: string[];
  @ApiProperty({ description: 'What its role is told to do.', type: [String] })
  readonly instructions!: string[];
  @ApiProperty({
    type: [ThesisSummaryDto],
    description: 'Recent theses that concern the agent’s symbols.',
  })
  readonly recentTheses!: ThesisSummaryDto[];
}
