import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ID_SCHEMA } from '../config/roster.js';
import { ORDER_STATUSES, SIDES, STEPS } from './trader-view-query.dto.js';

const TS = 'Market time (the candle time), ISO 8601.';
const SYMBOL = 'The symbol: one of the market data’s.';
const NEXT = 'Pass as `cursor` for the next (older) page; null on the last page.';

export class OrderDto {
  @ApiProperty({
    description: 'Client order id, unique per order.',
    example: 'freqtrade-hft-1a2b3c',
  })
  readonly clientOrderId!: string;
  @ApiProperty({ description: 'The agent whose signal placed it.', ...AGENT_ID_SCHEMA })
  readonly agentId!: string;
  @ApiProperty({ description: SYMBOL, example: 'BTCUSDT' })
  readonly symbol!: string;
  @ApiProperty({ description: 'Buy or sell.', enum: SIDES }) readonly side!: string;
  @ApiProperty({ description: 'Quantity in the base asset.', example: 0.0123 })
  readonly quantity!: number;
  @ApiProperty({ description: 'Where the order stands.', enum: ORDER_STATUSES })
  readonly status!: string;
  @ApiProperty({ description: 'The signal that placed it.', type: String, nullable: true })
  readonly signalId!: string | null;
  @ApiProperty({ description: `When it was placed: ${TS}`, example: '2021-05-19T12:05:00.000Z' })
  readonly createdAt!: string;
}

export class OrdersPageDto {
  @ApiProperty({ description: 'Orders, newest first.', type: [OrderDto] })
  readonly orders!: OrderDto[];
  @ApiProperty({ description: NEXT, type: String, nullable: true }) readonly nextCursor!:
    string | null;
}

export class FillDto {
  @ApiProperty({ description: 'Fill id, increasing in booking order.', example: 42 })
  readonly id!: number;
  @ApiProperty({ description: 'The order it fills.', example: 'freqtrade-hft-1a2b3c' })
  readonly clientOrderId!: string;
  @ApiProperty({ description: 'The agent it is booked to.', ...AGENT_ID_SCHEMA })
  readonly agentId!: string;
  @ApiProperty({ description: SYMBOL, example: 'BTCUSDT' })
  readonly symbol!: string;
  @ApiProperty({ description: 'Buy or sell.', enum: SIDES }) readonly side!: string;
  @ApiProperty({ description: 'Quantity in the base asset.', example: 0.0123 })
  readonly quantity!: number;
  @ApiProperty({ description: 'Fill price, USD.', example: 37250.1 }) readonly price!: number;
  @ApiProperty({ description: 'Quantity × price, USD.', example: 458.18 })
  readonly notionalUsd!: number;
  @ApiProperty({ description: 'Fee paid, USD.', example: 0.34 }) readonly feeUsd!: number;
  @ApiProperty({ description: `When it filled: ${TS}`, example: '2021-05-19T12:05:00.000Z' })
  readonly ts!: string;
}

export class FillsPageDto {
  @ApiProperty({ description: 'Fills, newest first.', type: [FillDto] }) readonly fills!: FillDto[];
  @ApiProperty({ description: NEXT, type: String, nullable: true }) readonly nextCursor!:
    string | null;
}

export class ValuedPositionDto {
  @ApiProperty({ description: SYMBOL, example: 'ETHUSDT' })
  readonly symbol!: string;
  @ApiProperty({ description: 'Quantity held, base asset (long only).', example: 1.25 })
  readonly quantity!: number;
  @ApiProperty({ description: 'Average cost, USD per unit.', example: 2410.5 })
  readonly averagePrice!: number;
  @ApiProperty({
    description: 'Last close at the mark, USD; null before the first bar.',
    type: Number,
    nullable: true,
  })
  readonly lastPrice!: number | null;
  @ApiProperty({ description: 'Quantity × last price, USD.', example: 3013.1 })
  readonly marketValueUsd!: number;
  @ApiProperty({ description: 'Market value − cost, USD.', example: -12.4 })
  readonly unrealizedPnlUsd!: number;
}

export class AgentPositionsDto {
  @ApiProperty({ description: 'The agent.', ...AGENT_ID_SCHEMA }) readonly agentId!: string;
  @ApiProperty({ description: 'Its open positions, by symbol.', type: [ValuedPositionDto] })
  readonly positions!: ValuedPositionDto[];
}

export class PositionsDto {
  @ApiProperty({
    description: `The mark these positions are as of: ${TS}`,
    type: String,
    nullable: true,
  })
  readonly asOf!: string | null;
  @ApiProperty({ description: 'Open positions per agent.', type: [AgentPositionsDto] })
  readonly agents!: AgentPositionsDto[];
  @ApiProperty({
    description:
      'The same positions summed per symbol across the agents shown (average cost weighted by quantity).',
    type: [ValuedPositionDto],
  })
  readonly portfolio!: ValuedPositionDto[];
}

export class EquityPointDto {
  @ApiProperty({ description: `The mark: ${TS}`, example: '2021-05-19T12:05:00.000Z' })
  readonly ts!: string;
  @ApiProperty({ description: 'Cash plus market value of positions, USD.', example: 30120.5 })
  readonly equityUsd!: number;
  @ApiProperty({ description: 'Equity minus capital contributed, USD.', example: 120.5 })
  readonly pnlUsd!: number;
}

export class EquitySeriesDto {
  @ApiProperty({ description: 'An agent, or `portfolio`.', type: String }) readonly id!: string;
  @ApiProperty({ description: 'Oldest first, one per step.', type: [EquityPointDto] })
  readonly points!: EquityPointDto[];
}

export class EquityDto {
  @ApiProperty({ description: 'Bucket size of the points.', enum: Object.keys(STEPS) })
  readonly step!: string;
  @ApiProperty({
    description:
      'True when the range held more points than one answer gives (the newest are kept).',
  })
  readonly truncated!: boolean;
  @ApiProperty({ description: 'One series per id asked for.', type: [EquitySeriesDto] })
  readonly series!: EquitySeriesDto[];
}

export class AllocationPointDto {
  @ApiProperty({ description: `The mark: ${TS}`, example: '2021-05-19T12:05:00.000Z' })
  readonly ts!: string;
  @ApiProperty({
    description: 'Agent equity as a share of portfolio equity, 0–100.',
    example: 24.8,
  })
  readonly allocationPct!: number;
  @ApiProperty({ description: 'Target share, 0–100.', example: 25 }) readonly targetPct!: number;
}

export class AllocationSeriesDto {
  @ApiProperty({ description: 'The agent.', ...AGENT_ID_SCHEMA }) readonly agentId!: string;
  @ApiProperty({ description: 'Oldest first, one per step.', type: [AllocationPointDto] })
  readonly points!: AllocationPointDto[];
}

export class AllocationHistoryDto {
  @ApiProperty({ description: 'Bucket size of the points.', enum: Object.keys(STEPS) })
  readonly step!: string;
  @ApiProperty({
    description:
      'True when the range held more points than one answer gives (the newest are kept).',
  })
  readonly truncated!: boolean;
  @ApiProperty({ description: 'One series per agent.', type: [AllocationSeriesDto] })
  readonly agents!: AllocationSeriesDto[];
}

export class CandleDto {
  @ApiProperty({ description: `Open of the bar: ${TS}`, example: '2021-05-19T12:00:00.000Z' })
  readonly openTime!: string;
  @ApiProperty({ description: 'Open, USD.', example: 37000.1 }) readonly open!: number;
  @ApiProperty({ description: 'High, USD.', example: 37400 }) readonly high!: number;
  @ApiProperty({ description: 'Low, USD.', example: 36900.5 }) readonly low!: number;
  @ApiProperty({ description: 'Close, USD.', example: 37250.1 }) readonly close!: number;
  @ApiProperty({ description: 'Volume, base asset.', example: 812.4 }) readonly volume!: number;
}

export class CandlesDto {
  @ApiProperty({ description: SYMBOL }) readonly symbol!: string;
  @ApiProperty({
    description: 'Bars kept in memory for the symbol, oldest first, within the range.',
    type: [CandleDto],
  })
  readonly candles!: CandleDto[];
}
