import { ApiProperty } from '@nestjs/swagger';

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
  @ApiProperty({ example: 'BTCUSDT' }) readonly symbol!: string;
  @ApiProperty() readonly quantity!: number;
  @ApiProperty() readonly averagePrice!: number;
}

export class ThesisSummaryDto {
  @ApiProperty() readonly messageId!: string;
  @ApiProperty({ example: 'deepseek-v3' }) readonly from!: string;
  @ApiProperty({ required: false, example: 'BTCUSDT' }) readonly symbol?: string;
  @ApiProperty({ required: false, enum: ['buy', 'sell'] }) readonly side?: string;
  @ApiProperty({ required: false }) readonly confidence?: number;
  @ApiProperty({ required: false, example: '4h' }) readonly horizon?: string;
  @ApiProperty({ required: false }) readonly text?: string;
  @ApiProperty() readonly ts!: string;
}

export class GuidanceDto {
  @ApiProperty({ example: 'deepseek-v3' }) readonly agentId!: string;
  @ApiProperty({ example: 'strategist' }) readonly role!: string;
  @ApiProperty({ description: 'Actual share of portfolio equity, 0–100.' })
  readonly allocationPct!: number;
  @ApiProperty({ description: 'Target share, 0–100.' }) readonly targetPct!: number;
  @ApiProperty({
    description: 'The agent’s equity (cash plus positions) that orders are sized on, USD.',
  })
  readonly capitalUsd!: number;
  @ApiProperty({ description: 'Cash the agent can still deploy, USD.' }) readonly cashUsd!: number;
  @ApiProperty({ type: GuidanceLimitsDto }) readonly limits!: GuidanceLimitsDto;
  @ApiProperty({ type: [PositionDto] }) readonly openPositions!: PositionDto[];
  @ApiProperty({ minimum: 0, maximum: 1 }) readonly participationThreshold!: number;
  @ApiProperty({ type: [String] }) readonly symbols!: string[];
  @ApiProperty({ type: [String] }) readonly instructions!: string[];
  @ApiProperty({
    type: [ThesisSummaryDto],
    description: 'Recent theses that concern the agent’s symbols.',
  })
  readonly recentTheses!: ThesisSummaryDto[];
}
