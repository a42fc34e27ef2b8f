import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { AnalyticsSink } from './analytics.sink.js';
import { ExportMetrics } from './export.metrics.js';
import { LocalSink } from './local.sink.js';
import { OutboxShipper } from './outbox-shipper.service.js';

export function createAnalyticsSink(config: AppConfig, sqlite: SqliteConnection): AnalyticsSink {
  if (config.export.gcpProjectId !== undefined) {
    throw new Error(
      'GCP_PROJECT_ID is set: the BigQuery sink is not part of this build yet; unset it to export locally',
    );
  }
  return new LocalSink(sqlite);
}

/** Ships the outbox to BigQuery or, with no GCP project, to local SQLite tables. Uses only platform. */
@Module({
  providers: [
    {
      provide: AnalyticsSink,
      inject: [AppConfig, SqliteConnection],
      useFactory: createAnalyticsSink,
    },
    OutboxShipper,
    ExportMetrics,
  ],
})
export class ExportModule {}
