import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { Outbox } from '../platform/outbox.js';
import { AnalyticsSink } from './analytics.sink.js';
import { EXPORT_OUTCOMES } from './export-totals.js';
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
      help: 'Rows exported to the analytics sink, by table and outcome (sent, retried, dead_lettered).',
      labelNames: ['table', 'outcome'],
      read: (set) =>
        totals.rows.forEach((counts, table) => {
          for (const outcome of EXPORT_OUTCOMES) set({ table, outcome }, counts[outcome]);
        }),
    });
    this.metrics.gauge({
      name: 'export_backlog_rows',
      help: 'Outbox rows waiting to be shipped.',
      read: (set) => set({}, this.outbox.backlog()),
    });
    this.metrics.counter({
      name: 'export_failures_total',
      help: 'Shipments the analytics sink failed as a whole (outage, refused request); row failures are in export_rows_total.',
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
