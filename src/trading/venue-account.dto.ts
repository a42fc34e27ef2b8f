import { ApiProperty } from '@nestjs/swagger';
import type { AccountStatus } from './trading-venue.js';

const STATUSES: readonly AccountStatus[] = ['paper', 'unreconciled', 'ready', 'refusing', 'halted'];

export class VenueAccountDto {
  @ApiProperty({
    description:
      'paper: no exchange account; unreconciled: not compared yet; ready: live orders may go; refusing: the exchange disagrees with the ledgers (an admin may accept it); halted: the IP is banned.',
    enum: STATUSES,
  })
  readonly status!: AccountStatus;

  @ApiProperty({
    description: 'The differences found by the last reconciliation, one line each.',
    type: [String],
  })
  readonly differences!: string[];
}
