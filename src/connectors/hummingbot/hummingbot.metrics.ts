import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ExternalPresence } from '../../communication/external-presence.js';
import { MetricsRegistry } from '../../platform/metrics-registry.js';
import { HUMMINGBOT_AGENT, HummingbotConnector } from './hummingbot.connector.js';

@Injectable()
export class HummingbotMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly connector: HummingbotConnector,
    private readonly presence: ExternalPresence,
  ) {}

  onModuleInit(): void {
    const counters = this.connector.counters;
    this.metrics.gauge({
      name: 'hummingbot_connected',
      help: '1 while the real Hummingbot is seated as hummingbot-mm (heartbeats within the timeout).',
      read: (set) => set({}, this.presence.channelOf(HUMMINGBOT_AGENT) === 'connector' ? 1 : 0),
    });
    this.metrics.counter({
      name: 'hummingbot_fills_total',
      help: 'OrderFilled events from Hummingbot, by outcome (booked, duplicate, refused, unreadable).',
      labelNames: ['outcome'],
      read: (set) => counters.fills.forEach((n, outcome) => set({ outcome }, n)),
    });
    this.metrics.counter({
      name: 'hummingbot_commands_total',
      help: 'Commands sent to Hummingbot, by command and outcome (ok, refused, timeout, unreachable…).',
      labelNames: ['command', 'outcome'],
      read: (set) => counters.forEachCommand((command, outcome, n) => set({ command, outcome }, n)),
    });
  }
}
