import { Module } from '@nestjs/common';
import { AgentActivityController } from './agent-activity.controller.js';
import { AgentCoordinator } from './agent-coordinator.service.js';
import { CommunicationMetrics } from './communication.metrics.js';
import { ExternalPresence } from './external-presence.js';
import { MessageIds } from './message-ids.js';
import { ParticipationThresholdRepository } from './participation-threshold.repository.js';
import { ParticipationThresholdState } from './participation-threshold.state.js';
import { ServiceRun } from '../platform/service-run.js';

/** The agent bus and its coordinator: throttling, participation, activity. */
@Module({
  controllers: [AgentActivityController],
  providers: [
    AgentCoordinator,
    ParticipationThresholdRepository,
    CommunicationMetrics,
    ExternalPresence,
    ParticipationThresholdState,
    {
      provide: MessageIds,
      inject: [ServiceRun],
      useFactory: (run: ServiceRun) => new MessageIds(run.number),
    },
  ],
  exports: [AgentCoordinator, ExternalPresence, MessageIds],
})
export class CommunicationModule {}
