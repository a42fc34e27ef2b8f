import { Injectable } from '@nestjs/common';
import { AuditedState } from '../access/audited-state.js';
import { PORTFOLIO_BREAKER } from './drawdown-breaker.js';
import { PortfolioService } from './portfolio.service.js';

/** A breaker (the portfolio's when the route names none), before and after an admin acts on it. */
@Injectable()
export class BreakerState extends AuditedState {
  constructor(private readonly portfolio: PortfolioService) {
    super();
  }

  read(params: Readonly<Record<string, string>>): unknown {
    const id = params.id ?? PORTFOLIO_BREAKER;
    return this.portfolio.breakers().find((b) => b.id === id) ?? null;
  }
}
