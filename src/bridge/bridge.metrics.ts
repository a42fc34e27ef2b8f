import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { BridgeService } from './bridge.service.js';

@Injectable()
export class BridgeMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly service: BridgeService,
  ) {}

  onModuleInit(): void {
    this.metrics.counter({
      name: 'pubsub_bridge_messages_total',
      help: 'Messages through the Pub/Sub bridge, by direction (inbound, outbound) and outcome.',
      labelNames: ['direction', 'outcome'],
      read: (set) =>
        this.service.counters.forEach((direction, outcome, n) => set({ direction, outcome }, n)),
    });
  }
}
