import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FreqtradeConnector } from './freqtrade-connector.service.js';
import { FreqtradeStatusDto } from './freqtrade.dto.js';

@ApiTags('bots')
@ApiBearerAuth('read')
@Controller('bots')
export class FreqtradeController {
  constructor(private readonly connector: FreqtradeConnector) {}

  @Get('freqtrade')
  @ApiOperation({
    operationId: 'getFreqtradeConnector',
    summary: 'The Freqtrade bot behind freqtrade-hft: connection, stance, reconciliation, inbox.',
  })
  @ApiOkResponse({ type: FreqtradeStatusDto })
  status(): FreqtradeStatusDto {
    const view = this.connector.view();
    return {
      ...view,
      reconciliation: [...view.reconciliation],
      inbox: view.inbox.map((m) => ({
        id: m.id,
        type: m.type,
        from: m.from,
        ts: new Date(m.ts).toISOString(),
        text: m.text,
        symbol: m.symbol,
      })),
    };
  }
}
