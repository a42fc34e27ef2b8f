import { Injectable } from '@nestjs/common';
import { AuditedState } from '../access/audited-state.js';
import { describeDifference } from './account-reconciliation.js';
import { VenueAccount, type VenueAccountState } from './trading-venue.js';
import type { VenueAccountDto } from './venue-account.dto.js';

export function venueAccountDto(state: VenueAccountState): VenueAccountDto {
  return {
    status: state.status,
    differences: (state.reconciliation?.differences ?? []).map(describeDifference),
  };
}

/** The venue's account, before and after an admin accepts it. */
@Injectable()
export class ExchangeAccountState extends AuditedState {
  constructor(private readonly account: VenueAccount) {
    super();
  }

  read(): VenueAccountDto {
    return venueAccountDto(this.account.state());
  }
}
