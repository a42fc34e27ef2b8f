import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PortfolioReportService } from './portfolio-report.service.js';
import { CrossingsDto, MonthlyReportDto, MonthlyReportQueryDto } from './report.dto.js';

@ApiTags('portfolio')
@ApiBearerAuth('read')
@Controller('reports')
export class ReportController {
  constructor(private readonly reports: PortfolioReportService) {}

  @Get('monthly')
  @ApiOperation({
    operationId: 'getMonthlyReport',
    summary:
      'Per agent and for the portfolio: return, volatility, Sharpe, max drawdown, turnover, fees, against 15% a month.',
  })
  @ApiOkResponse({ type: MonthlyReportDto })
  @ApiBadRequestResponse({ description: 'month missing or not YYYY-MM.' })
  monthly(@Query() query: MonthlyReportQueryDto): MonthlyReportDto {
    return this.reports.monthly(query.month);
  }

  @Get('crossings')
  @ApiOperation({
    operationId: 'listCrossings',
    summary: 'The latest times two agents traded one symbol against each other.',
  })
  @ApiOkResponse({ type: CrossingsDto })
  crossings(): CrossingsDto {
    return this.reports.crossings();
  }
}
