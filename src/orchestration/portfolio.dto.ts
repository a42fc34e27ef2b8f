import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ID_SCHEMA, MESSAGE_TYPES, ROLES } from '../config/roster.js';

export class AgentAllocationDto {
  @ApiProperty({ description: 'The agent.', ...AGENT_ID_SCHEMA, example: 'freqtrade-hft' })
  readonly agentId!: string;
  @ApiProperty({ description: 'Its role.', enum: ROLES, example: 'hft' }) readonly role!: string;
  @ApiProperty({
    description: 'Agent equity as a share of portfolio equity, 0–100.',
    example: 30.2,
  })
  readonly allocationPct!: number;
  @ApiProperty({ description: 'Target share, 0–100.', example: 30 }) readonly targetPct!: number;
  @ApiProperty({ description: 'Capital allocated to the agent, USD.', example: 30000 })
  readonly capitalUsd!: number;
  @ApiProperty({ description: 'Market value of the agent’s positions, USD.', example: 1200.5 })
  readonly exposureUsd!: number;
  @ApiProperty({ description: 'Realised + unrealised PnL net of fees, USD.', example: -3.2 })
  readonly pnlUsd!: number;
  @ApiProperty({ description: 'Realised PnL before fees, USD.' }) readonly realizedPnlUsd!: number;
  @ApiProperty({ description: 'Unrealised PnL at the last price, USD.' })
  readonly unrealizedPnlUsd!: number;
  @ApiProperty({ description: 'Fees paid, USD.' }) readonly feesUsd!: number;
  @ApiProperty({ description: 'Cash plus the market value of the positions, USD.' })
  readonly equityUsd!: number;
  @ApiProperty({ description: 'Cash in the agent’s sub-ledger, USD.' }) readonly cashUsd!: number;
  @ApiProperty({
    description: 'Capital handed to the agent net of what rebalancing took back, USD.',
  })
  readonly contributedUsd!: number;
  @ApiProperty({ description: 'Model calls charged to the agent, USD.' })
  readonly modelCostUsd!: number;
  @ApiProperty({ description: 'Fall from the agent’s PnL peak, percent of its capital.' })
  readonly drawdownPct!: number;
  @ApiProperty({
    description: 'Risk-adjusted performance multiplier of its allocation (1 = neutral).',
  })
  readonly performanceMultiplier!: number;
  @ApiProperty({ description: 'Fills booked to the agent.' }) readonly fills!: number;
}

export class BreakerDto {
  @ApiProperty({ description: 'An agent id, or `portfolio`.', example: 'portfolio' })
  readonly id!: string;
  @ApiProperty({
    description:
      '`ok`, `halted` (no new risk: only orders that cut exposure) or `reduce-only` (only orders that cut a position).',
    enum: ['ok', 'halted', 'reduce-only'],
  })
  readonly state!: 'ok' | 'halted' | 'reduce-only';
  @ApiProperty({ description: 'Why it tripped; null while ok.', type: String, nullable: true })
  readonly reason!: string | null;
  @ApiProperty({
    description: 'When it tripped, ISO 8601; null while ok.',
    type: String,
    nullable: true,
    example: '2026-11-25T21:00:00.000Z',
  })
  readonly trippedAt!: string | null;
}

export class PortfolioStatusDto {
  @ApiProperty({
    description: '`paper` (simulated fills) or `live` (orders on the exchange).',
    enum: ['paper', 'live'],
  })
  readonly mode!: 'paper' | 'live';
  @ApiProperty({ description: 'Cash plus market value of every position, USD.', example: 100012.3 })
  readonly equityUsd!: number;
  @ApiProperty({ description: 'Cash across the agents’ ledgers and the reserve, USD.' })
  readonly cashUsd!: number;
  @ApiProperty({ description: 'Fall from the equity high-water mark, percent.', example: 0.4 })
  readonly drawdownPct!: number;
  @ApiProperty({ description: 'Cash kept outside every agent’s ledger, USD.' })
  readonly reserveUsd!: number;
  @ApiProperty({ description: 'Capital the portfolio opened with, USD.' })
  readonly initialCapitalUsd!: number;
  @ApiProperty({ description: 'True while the portfolio breaker halts all trading.' })
  readonly halted!: boolean;
  @ApiProperty({
    description: 'The portfolio’s and each agent’s drawdown breaker.',
    type: [BreakerDto],
  })
  readonly breakers!: BreakerDto[];
  @ApiProperty({
    description:
      'Breakers (`portfolio` or an agent id) past their warning level and not yet tripped: drawdown at or above `DRAWDOWN_WARNING_PCT` / `AGENT_DRAWDOWN_WARNING_PCT`.',
    type: [String],
    example: ['deepseek-v3'],
  })
  readonly drawdownWarnings!: string[];
  @ApiProperty({
    description: 'Each agent’s allocation, exposure and PnL.',
    type: [AgentAllocationDto],
  })
  readonly agents!: AgentAllocationDto[];
  @ApiProperty({
    example: '2021-05-12T14:35:00.000Z',
    description: 'Market time of these figures: the close of the last bar processed, ISO 8601.',
  })
  readonly marketTime!: string;
  @ApiProperty({
    example: '2021-05-12T14:35:00.000Z',
    description: 'Same as marketTime (kept for older clients).',
  })
  readonly updatedAt!: string;
}

export class RoleDto {
  @ApiProperty({ description: 'The role.', enum: ROLES, example: 'hft' }) readonly role!: string;
  @ApiProperty({ description: 'What the role does.' }) readonly description!: string;
  @ApiProperty({
    description: 'Agents in this role.',
    ...AGENT_ID_SCHEMA,
    isArray: true,
    example: ['freqtrade-hft'],
  })
  readonly agents!: string[];
  @ApiProperty({
    description: 'Message types the role may publish.',
    enum: MESSAGE_TYPES,
    isArray: true,
    example: ['signal', 'discussion', 'heartbeat'],
  })
  readonly publishes!: string[];
  @ApiProperty({ description: 'Whether the role’s signals trade capital.' })
  readonly trades!: boolean;
  @ApiProperty({ description: 'Base share of deployable capital before performance.' })
  readonly baseWeight!: number;
  @ApiProperty({
    description: 'Participation threshold its agents start with, 0–1.',
    minimum: 0,
    maximum: 1,
  })
  readonly defaultThreshold!: number;
  @ApiProperty({
    description: 'Activity score under which the role’s agents raise a participation alert.',
  })
  readonly floor!: number;
}

export class AgentRolesDto {
  @ApiProperty({ description: 'Every role.', type: [RoleDto] }) readonly roles!: RoleDto[];
}
