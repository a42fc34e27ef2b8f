import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { PortfolioService } from './portfolio.service.js';

/** The portfolio's Prometheus series, computed from its state at scrape time. */
@Injectable()
export class OrchestrationMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly portfolio: PortfolioService,
  ) {}

  onModuleInit(): void {
    const agents = () => this.portfolio.status().agents;
    this.metrics.gauge({
      name: 'portfolio_allocation_pct',
      help: 'Agent equity as a share of portfolio equity (0-100).',
      labelNames: ['agent'],
      read: (set) => agents().forEach((a) => set({ agent: a.agentId }, a.allocationPct)),
    });
    this.metrics.gauge({
      name: 'portfolio_allocation_target_pct',
      help: 'Target share of the portfolio per agent (0-100).',
      labelNames: ['agent'],
      read: (set) => agents().forEach((a) => set({ agent: a.agentId }, a.targetPct)),
    });
    this.metrics.gauge({
      name: 'agent_pnl_usd',
      help: 'Realised plus unrealised PnL of an agent net of fees, USD.',
      labelNames: ['agent'],
      read: (set) => agents().forEach((a) => set({ agent: a.agentId }, a.pnlUsd)),
    });
    this.metrics.gauge({
      name: 'portfolio_equity_usd',
      help: 'Portfolio equity at the last prices, USD.',
      read: (set) => set({}, this.portfolio.equityUsd()),
    });
    this.metrics.gauge({
      name: 'trading_halted',
      help: '1 when trading is halted.',
      read: (set) => set({}, this.portfolio.status().halted ? 1 : 0),
    });
    this.metrics.gauge({
      name: 'portfolio_drawdown_pct',
      help: 'Drawdown per breaker scope (the portfolio, or an agent), percent.',
      labelNames: ['breaker'],
      read: (set) => {
        const status = this.portfolio.status();
        set({ breaker: 'portfolio' }, status.drawdownPct);
        status.agents.forEach((a) => set({ breaker: a.agentId }, a.drawdownPct));
      },
    });
    this.metrics.gauge({
      name: 'portfolio_drawdown_warning',
      help: '1 while a breaker scope is past its drawdown warning level and not yet tripped.',
      labelNames: ['breaker'],
      read: (set) => {
        const { breakers, drawdownWarnings } = this.portfolio.status();
        breakers.forEach((b) => set({ breaker: b.id }, drawdownWarnings.includes(b.id) ? 1 : 0));
      },
    });
    this.metrics.gauge({
      name: 'portfolio_breaker_state',
      help: 'Drawdown breaker per agent and for the portfolio: 0 ok, 1 reduce-only, 2 halted.',
      labelNames: ['breaker'],
      read: (set) =>
        this.portfolio
          .breakers()
          .forEach((b) =>
            set({ breaker: b.id }, b.state === 'ok' ? 0 : b.state === 'reduce-only' ? 1 : 2),
          ),
    });
  }
}
