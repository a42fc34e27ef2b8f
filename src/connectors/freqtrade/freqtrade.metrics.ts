import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../../platform/metrics-registry.js';
import { FreqtradeConnector } from './freqtrade-connector.service.js';

/** The Freqtrade connector's counters on `/metrics`, beside Hummingbot's. */
@Injectable()
export class FreqtradeMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly connector: FreqtradeConnector,
  ) {}

  onModuleInit(): void {
    const counters = this.connector.counters;
    this.metrics.gauge({
      name: 'freqtrade_connected',
      help: '1 while the real Freqtrade is seated as freqtrade-hft (websocket or health probe within the timeout).',
      read: (set) => set({}, this.connector.view().connected ? 1 : 0),
    });
    this.metrics.counter({
      name: 'freqtrade_messages_total',
      help: "Messages from Freqtrade's message websocket, by type (entry, entry_fill, exit_fill, status…).",
      labelNames: ['type'],
      read: (set) => counters.messages.forEach((n, type) => set({ type }, n)),
    });
    this.metrics.counter({
      name: 'freqtrade_fills_total',
      help: 'Filled orders of Freqtrade trades, by outcome (booked, duplicate, refused, short: a short trade the long-only sub-ledger refuses).',
      labelNames: ['outcome'],
      read: (set) => counters.fills.forEach((n, outcome) => set({ outcome }, n)),
    });
    this.metrics.counter({
      name: 'freqtrade_requests_total',
      help: "HTTP requests to Freqtrade's REST API, by route and outcome (ok, unauthorized, refused, unreachable).",
      labelNames: ['route', 'outcome'],
      read: (set) => counters.forEachRequest((route, outcome, n) => set({ route, outcome }, n)),
    });
  }
}
