import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsRosterAgent } from '../config/roster-agent.validator.js';
import { AGENT_ID_NOTE, AGENT_ID_SCHEMA } from '../config/roster.js';

/** The shape of a symbol; whether the market data has it is the controller's check (the universe comes from the data). */
const SYMBOL_PATTERN = /^[A-Z0-9]{2,20}$/;
const SYMBOL_MESSAGE = 'symbol must be a symbol such as BTCUSDT';
import { IsPageCursor } from './page-cursor.js';

/** The series of the portfolio as a whole, beside one per agent. */
export const PORTFOLIO_SERIES = 'portfolio';
export const SIDES = ['buy', 'sell'] as const;
export const ORDER_STATUSES = [
  'submitted',
  'filled',
  'rejected',
  'cancelled',
  'abandoned',
] as const;

/** Bucket sizes of a market-time series, with their length in milliseconds. */
export const STEPS = {
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
} as const;
export type Step = keyof typeof STEPS;

export const MAX_PAGE = 500;

const MARKET_TIME = 'Market time (the candle time), ISO 8601.';

/** Range of market time shared by every history query. */
class MarketRangeQuery {
  @ApiPropertyOptional({ description: `Earliest ${MARKET_TIME}`, example: '2021-05-19T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly from?: string;

  @ApiPropertyOptional({ description: `Latest ${MARKET_TIME}`, example: '2021-05-20T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly to?: string;
}

class PageQuery extends MarketRangeQuery {
  @ApiPropertyOptional({
    description: `Only this agent’s rows: ${AGENT_ID_NOTE}.`,
    ...AGENT_ID_SCHEMA,
    example: 'freqtrade-hft',
  })
  @IsOptional()
  @IsRosterAgent()
  readonly agent?: string;

  @ApiPropertyOptional({
    description: 'Only this symbol’s rows: one of the market data’s symbols.',
    example: 'BTCUSDT',
  })
  @IsOptional()
  @Matches(SYMBOL_PATTERN, { message: SYMBOL_MESSAGE })
  readonly symbol?: string;

  @ApiPropertyOptional({ description: 'Only this side.', enum: SIDES })
  @IsOptional()
  @IsIn(SIDES)
  readonly side?: string;

  @ApiPropertyOptional({
    description: 'Rows per page, newest first.',
    minimum: 1,
    maximum: MAX_PAGE,
    default: 50,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  readonly limit?: number;

  @ApiPropertyOptional({
    description: 'The `nextCursor` of the previous page; omit for the newest rows.',
  })
  @IsOptional()
  @IsPageCursor()
  readonly cursor?: string;
}

export class FillsQuery extends PageQuery {}

export class OrdersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only orders in this state.', enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  readonly status?: string;
}

export class PositionsQuery {
  @ApiPropertyOptional({
    description: `Only this agent’s positions: ${AGENT_ID_NOTE}.`,
    ...AGENT_ID_SCHEMA,
    example: 'hummingbot-mm',
  })
  @IsOptional()
  @IsRosterAgent()
  readonly agent?: string;
}

export class SeriesQuery extends MarketRangeQuery {
  @ApiPropertyOptional({
    description: 'Bucket size; each bucket shows its last mark.',
    enum: Object.keys(STEPS),
    default: '5m',
  })
  @IsOptional()
  @IsIn(Object.keys(STEPS))
  readonly step?: Step;
}

export class EquityQuery extends SeriesQuery {
  @ApiPropertyOptional({
    description: `One series only: an agent (${AGENT_ID_NOTE}), or \`portfolio\`. Omit for all.`,
    ...AGENT_ID_SCHEMA,
  })
  @IsOptional()
  @IsRosterAgent([PORTFOLIO_SERIES])
  readonly agent?: string;
}

export class CandlesQuery extends MarketRangeQuery {
  @ApiProperty({ description: 'The symbol: one of the market data’s.', example: 'BTCUSDT' })
  @Matches(SYMBOL_PATTERN, { message: SYMBOL_MESSAGE })
  readonly symbol!: string;
}
