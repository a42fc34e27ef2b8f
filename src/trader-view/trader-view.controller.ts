import { BadRequestException, Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ValidationErrorDto } from '../platform/http-error.dto.js';
import { JSON_CONTENT_TYPE, jsonOnce, type JsonText } from '../platform/json-text.js';
import { MarketUniverse } from '../trading/market-universe.js';
import {
  AllocationHistoryDto,
  CandlesDto,
  EquityDto,
  FillsPageDto,
  OrdersPageDto,
  PositionsDto,
} from './trader-view.dto.js';
import {
  CandlesQuery,
  EquityQuery,
  FillsQuery,
  OrdersQuery,
  PositionsQuery,
  SeriesQuery,
} from './trader-view-query.dto.js';
import { TraderViewService, type MarketRange } from './trader-view.service.js';

/** `from` after `to` is a bad request naming `to`; the DTO has already checked both are ISO 8601. */
function marketRange(query: { from?: string; to?: string }): MarketRange {
  const range = {
    fromMs: query.from === undefined ? undefined : Date.parse(query.from),
    toMs: query.to === undefined ? undefined : Date.parse(query.to),
  };
  if (range.fromMs !== undefined && range.toMs !== undefined && range.toMs < range.fromMs)
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: ['to must not be before from'],
      fields: ['to'],
    });
  return range;
}

/** A symbol the market data does not have is a bad request naming `symbol`, not an empty answer. */
function knownSymbol(universe: MarketUniverse, symbol: string | undefined): void {
  if (symbol === undefined || universe.has(symbol)) return;
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: [`symbol must be one of the market data's symbols: ${universe.symbols.join(', ')}`],
    fields: ['symbol'],
  });
}

const BAD_QUERY = {
  description: 'A query parameter is invalid; `fields` names it.',
  type: ValidationErrorDto,
};

@ApiTags('trades')
@ApiBadRequestResponse(BAD_QUERY)
@Controller()
export class TraderViewController {
  constructor(
    private readonly view: TraderViewService,
    private readonly universe: MarketUniverse,
  ) {}

  @Get('orders')
  @ApiOperation({
    operationId: 'listOrders',
    summary: 'Orders, newest first, filtered and paged by cursor.',
  })
  @ApiOkResponse({ type: OrdersPageDto })
  orders(@Query() query: OrdersQuery): OrdersPageDto {
    knownSymbol(this.universe, query.symbol);
    return this.view.orders(query, marketRange(query));
  }

  @Get('fills')
  @ApiOperation({
    operationId: 'listFills',
    summary: 'Fills (trades), newest first, filtered and paged by cursor.',
  })
  @ApiOkResponse({ type: FillsPageDto })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  fills(@Query() query: FillsQuery): JsonText<FillsPageDto> {
    knownSymbol(this.universe, query.symbol);
    return jsonOnce(this.view.fills(query, marketRange(query)));
  }

  @Get('positions')
  @ApiOperation({
    operationId: 'getPositions',
    summary: 'Open positions per agent and for the portfolio, valued at the last market mark.',
  })
  @ApiOkResponse({ type: PositionsDto })
  positions(@Query() query: PositionsQuery): PositionsDto {
    return this.view.positions(query.agent);
  }

  @Get('equity')
  @ApiOperation({
    operationId: 'getEquity',
    summary: 'Equity and PnL over market time, per agent and for the portfolio.',
  })
  @ApiOkResponse({ type: EquityDto })
  equity(@Query() query: EquityQuery): EquityDto {
    return this.view.equity(query, marketRange(query));
  }

  @Get('allocations/history')
  @ApiOperation({
    operationId: 'getAllocationHistory',
    summary: 'Each agent’s actual and target allocation over market time.',
  })
  @ApiOkResponse({ type: AllocationHistoryDto })
  allocationHistory(@Query() query: SeriesQuery): AllocationHistoryDto {
    return this.view.allocationHistory(query, marketRange(query));
  }

  @Get('candles')
  @ApiOperation({ operationId: 'getCandles', summary: 'Recent bars of a symbol, in market time.' })
  @ApiOkResponse({ type: CandlesDto })
  candles(@Query() query: CandlesQuery): CandlesDto {
    knownSymbol(this.universe, query.symbol);
    return this.view.candles(query, marketRange(query));
  }
}
