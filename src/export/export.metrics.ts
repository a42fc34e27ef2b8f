import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { Outbox } from '../platform/outbox.js';
import { AnalyticsSink } from './analytics.sink.js';
import { OutboxShipper } from './outbox-shipper.service.js';

@Injectable()
export class ExportMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly shipper: OutboxShipper,
    private readonly outbox: Outbox,
    private readonly sink: AnalyticsSink,
  ) {}

  onModuleInit(): void {
    const totals = this.shipper.totals;
    this.metrics.counter({
      name: 'export_rows_total',
      help: 'Rows shipped to the analytics sink, by table and outcome.',
      labelNames: ['table', 'outcome'],
      read: (set) => totals.rows.forEach((n, table) => set({ table, outcome: 'sent' }, n)),
    });
    this.metrics.gauge({
      name: 'export_backlog_rows',
      help: 'Outbox rows waiting to be shipped.',
      read: (set) => set({}, this.outbox.backlog()),
    });
    this.metrics.counter({
      name: 'export_failures_total',
      help: 'Failed shipments to the analytics sink.',
      labelNames: ['sink'],
      read: (set) => set({ sink: this.sink.name }, totals.failures),
    });
    this.metrics.gauge({
      name: 'export_last_success_timestamp_seconds',
      help: 'When a shipment last succeeded (Unix seconds; 0 = never).',
      read: (set) => set({}, totals.lastSuccessMs / 1000),
    });
  }
}
