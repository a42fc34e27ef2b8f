import { Module } from '@nestjs/common';
import { AgentActivityController } from './agent-activity.controller.js';
import { AgentCoordinator } from './agent-coordinator.service.js';
import { CommunicationMetrics } from './communication.metrics.js';
import { ExternalPresence } from './external-presence.js';
import { ParticipationThresholdRepository } from './participation-threshold.repository.js';
import { ParticipationThresholdState } from './participation-threshold.state.js';

/** The agent bus and its coordinator: throttling, participation, activity. */
@Module({
  controllers: [AgentActivityController],
  providers: [
    AgentCoordinator,
    ParticipationThresholdRepository,
    CommunicationMetrics,
    ExternalPresence,
    ParticipationThresholdState,
  ],
  exports: [AgentCoordinator, ExternalPresence],
})
export class CommunicationModule {}
