import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class MonthlyReportQueryDto {
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  @IsString()
  @ApiProperty({ example: '2021-05', description: 'UTC calendar month, YYYY-MM.' })
  readonly month!: string;
}

export class PerformanceFiguresDto {
  @ApiProperty({ example: 'freqtrade-hft' }) readonly id!: string;
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
  @ApiProperty() readonly feesUsd!: number;
  @ApiProperty({ example: 15 }) readonly targetReturnPct!: number;
  @ApiProperty({ description: 'Return minus the target, points.' }) readonly vsTargetPct!: number;
  @ApiProperty() readonly metTarget!: boolean;
  @ApiProperty({ description: 'Hourly marks behind the figures.' }) readonly samples!: number;
}

export class AgentFiguresDto extends PerformanceFiguresDto {
  @ApiProperty({ example: 'hft' }) readonly role!: string;
}

export class MonthlyReportDto {
  @ApiProperty({ example: '2021-05' }) readonly month!: string;
  @ApiProperty() readonly from!: string;
  @ApiProperty() readonly to!: string;
  @ApiProperty({ example: 15 }) readonly targetReturnPct!: number;
  @ApiProperty({ type: PerformanceFiguresDto }) readonly portfolio!: PerformanceFiguresDto;
  @ApiProperty({ type: [AgentFiguresDto] }) readonly agents!: AgentFiguresDto[];
}

export class CrossingDto {
  @ApiProperty() readonly symbol!: string;
  @ApiProperty() readonly buyer!: string;
  @ApiProperty() readonly seller!: string;
  @ApiProperty() readonly quantity!: number;
  @ApiProperty({ description: 'Buyer’s price minus seller’s, times the quantity, USD.' })
  readonly spreadUsd!: number;
  @ApiProperty() readonly ts!: string;
}

export class CrossingsDto {
  @ApiProperty({ type: [CrossingDto] }) readonly crossings!: CrossingDto[];
}

export class HaltDto {
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(500)
  @IsString()
  @ApiProperty({ example: 'exchange incident', description: 'Why trading is halted.' })
  readonly reason!: string;
}
