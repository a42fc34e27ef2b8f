import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_TYPES } from '../../config/roster.js';

export class BotInboxMessageDto {
  @ApiProperty({ description: 'Message id.', example: 'orchestrator-1-12' }) readonly id!: string;
  @ApiProperty({ description: 'Message type.', enum: MESSAGE_TYPES, example: 'guidance' })
  readonly type!: string;
  @ApiProperty({ description: 'Sender.', example: 'orchestrator' }) readonly from!: string;
  @ApiProperty({ description: 'Market time it was sent, ISO 8601.' }) readonly ts!: string;
  @ApiPropertyOptional({ description: 'Its text (guidance, a thesis).' }) readonly text?: string;
  @ApiPropertyOptional({ description: 'Symbol it is about.', example: 'BTCUSDT' })
  readonly symbol?: string;
}

export class FreqtradeStatusDto {
  @ApiProperty({ description: 'FREQTRADE_URL is set.' }) readonly configured!: boolean;
  @ApiProperty({ description: 'The bot is heard from (websocket or health probe).' })
  readonly connected!: boolean;
  @ApiProperty({
    description: 'What the bot was last told: trade (`start`), no entries (`stopentry`), flat too.',
    enum: ['trading', 'no-entries', 'flat'],
  })
  readonly stance!: string;
  @ApiProperty({ description: 'Why: the breaker or the allocation behind the stance.' })
  readonly stanceReason!: string;
  @ApiProperty({ description: 'Fills of the bot booked to freqtrade-hft since the start.' })
  readonly fillsBooked!: number;
  @ApiProperty({
    description:
      'Fills of the bot the sub-ledger refused: selling more than it holds, or any fill of a short trade (sub-ledgers hold longs only).',
  })
  readonly fillsRefused!: number;
  @ApiProperty({
    description:
      'Differences between the bot open trades and the sub-ledger at the last reconciliation.',
    type: [String],
  })
  readonly reconciliation!: string[];
  @ApiProperty({
    description:
      'Guidance and theses addressed to the bot, newest last: Freqtrade has no inbound strategy channel over its API, so they are kept here.',
    type: [BotInboxMessageDto],
  })
  readonly inbox!: BotInboxMessageDto[];
}
