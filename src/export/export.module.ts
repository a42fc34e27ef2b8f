import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Monotonic, WallClock } from '../platform/clock.js';
import { Outbox } from '../platform/outbox.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { AnalyticsSink } from './analytics.sink.js';
import { BigQuerySink } from './bigquery.sink.js';
import { DeadLetterRepository } from './dead-letter.repository.js';
import { ExportBackoff } from './export-backoff.js';
import { ExportMetrics } from './export.metrics.js';
import { LocalRetention } from './local-retention.service.js';
import { LocalSink } from './local.sink.js';
import { OutboxShipper } from './outbox-shipper.service.js';

export type AnalyticsSinkKind = 'bigquery' | 'local';

export function analyticsSinkKind(config: AppConfig): AnalyticsSinkKind {
  return config.export.gcpProjectId === undefined ? 'local' : 'bigquery';
}

export function createAnalyticsSink(config: AppConfig, sqlite: SqliteConnection): AnalyticsSink {
  const kind = analyticsSinkKind(config);
  switch (kind) {
    case 'local':
      return new LocalSink(sqlite);
    case 'bigquery':
      return new BigQuerySink({
        projectId: config.export.gcpProjectId ?? '',
        dataset: config.export.bigQueryDataset,
        apiEndpoint: config.export.bigQueryApiEndpoint,
        partitionExpirationDays: config.export.bigQueryPartitionExpirationDays,
      });
    default:
      throw new Error(`unknown analytics sink: ${String(kind satisfies never)}`);
  }
}

/** Ships the outbox to BigQuery or, with no GCP project, to local SQLite tables. Uses only platform. */
@Module({
  providers: [
    {
      provide: AnalyticsSink,
      inject: [AppConfig, SqliteConnection],
      useFactory: createAnalyticsSink,
    },
    {
      provide: DeadLetterRepository,
      inject: [SqliteConnection, Outbox, WallClock],
      useFactory: (sqlite: SqliteConnection, outbox: Outbox, wall: WallClock) =>
        new DeadLetterRepository(sqlite, outbox, wall),
    },
    {
      provide: ExportBackoff,
      inject: [Monotonic],
      useFactory: (monotonic: Monotonic) => new ExportBackoff(monotonic),
    },
    OutboxShipper,
    ExportMetrics,
    LocalRetention,
  ],
})
export class ExportModule {}
