import { Module } from '@nestjs/common';
import { CommunicationModule } from '../communication/communication.module.js';
import { OrchestrationModule } from '../orchestration/orchestration.module.js';
import { DashboardAssets } from './dashboard-assets.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardSnapshotService } from './dashboard-snapshot.service.js';
import { DashboardStream } from './dashboard-stream.service.js';
import { EventsController } from './events.controller.js';

/** The operator's page at `/dashboard` and its live stream `GET /events`; reads, never steers. */
@Module({
  imports: [CommunicationModule, OrchestrationModule],
  controllers: [DashboardController, EventsController],
  providers: [
    { provide: DashboardAssets, useFactory: () => DashboardAssets.load() },
    DashboardSnapshotService,
    DashboardStream,
  ],
})
export class DashboardModule {}
