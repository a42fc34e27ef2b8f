import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { AGENT_ID_SCHEMA, ROLES } from '../config/roster.js';

export class MonthlyReportQueryDto {
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  @IsString()
  @ApiProperty({ example: '2021-05', description: 'UTC calendar month, YYYY-MM.' })
  readonly month!: string;
}

export class PerformanceFiguresDto {
  @ApiProperty({ description: 'An agent id, or `portfolio`.', example: 'freqtrade-hft' })
  readonly id!: string;
  @ApiProperty({ description: 'Compounded return of the month, percent.' })
  readonly returnPct!: number;
  @ApiProperty({
    description: 'Standard deviation of hourly returns scaled to the month, percent.',
  })
  readonly volatilityPct!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Annualised, risk-free rate 0.' })
  readonly sharpe!: number | null;
  @ApiProperty({ description: 'Largest fall from a peak, percent.' })
  readonly maxDrawdownPct!: number;
  @ApiProperty({ description: 'Notional traded over average capital.' }) readonly turnover!: number;
  @ApiProperty({ description: 'Fees paid in the month, USD.' }) readonly feesUsd!: number;
  @ApiProperty({ description: 'Monthly return target, percent.', example: 15 })
  readonly targetReturnPct!: number;
  @ApiProperty({ description: 'Return minus the target, points.' }) readonly vsTargetPct!: number;
  @ApiProperty({ description: 'Whether the return reached the target.' })
  readonly metTarget!: boolean;
  @ApiProperty({ description: 'Hourly marks behind the figures.' }) readonly samples!: number;
}

export class AgentFiguresDto extends PerformanceFiguresDto {
  @ApiProperty({ description: 'The agent’s role.', enum: ROLES, example: 'hft' })
  readonly role!: string;
}

export class MonthlyReportDto {
  @ApiProperty({ description: 'UTC calendar month, YYYY-MM.', example: '2021-05' })
  readonly month!: string;
  @ApiProperty({ description: 'Start of the month, ISO 8601.' }) readonly from!: string;
  @ApiProperty({ description: 'End of the month (exclusive), ISO 8601.' }) readonly to!: string;
  @ApiProperty({ description: 'Monthly return target, percent.', example: 15 })
  readonly targetReturnPct!: number;
  @ApiProperty({ description: 'Figures of the whole portfolio.', type: PerformanceFiguresDto })
  readonly portfolio!: PerformanceFiguresDto;
  @ApiProperty({ description: 'Figures of each agent.', type: [AgentFiguresDto] })
  readonly agents!: AgentFiguresDto[];
}

export class CrossingDto {
  @ApiProperty({ description: 'The symbol both traded.' }) readonly symbol!: string;
  @ApiProperty({ description: 'The agent that bought.', ...AGENT_ID_SCHEMA })
  readonly buyer!: string;
  @ApiProperty({ description: 'The agent that sold.', ...AGENT_ID_SCHEMA })
  readonly seller!: string;
  @ApiProperty({ description: 'Quantity matched, base asset.' }) readonly quantity!: number;
  @ApiProperty({ description: 'Buyer’s price minus seller’s, times the quantity, USD.' })
  readonly spreadUsd!: number;
  @ApiProperty({ description: 'When the second trade filled, ISO 8601.' }) readonly ts!: string;
}

export class CrossingsDto {
  @ApiProperty({ description: 'Latest first.', type: [CrossingDto] })
  readonly crossings!: CrossingDto[];
}

export class HaltDto {
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(500)
  @IsString()
  @ApiProperty({ example: 'exchange incident', description: 'Why trading is halted.' })
  readonly reason!: string;
}
