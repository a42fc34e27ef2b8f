import { Injectable } from '@nestjs/common';
import { AuditedState } from '../access/audited-state.js';
import { AgentCoordinator } from './agent-coordinator.service.js';
import { CommunicationError } from './communication.error.js';

/** An agent's participation threshold, before and after an operator sets it (the audit trail). */
@Injectable()
export class ParticipationThresholdState extends AuditedState {
  constructor(private readonly coordinator: AgentCoordinator) {
    super();
  }

  read(params: Readonly<Record<string, string>>): unknown {
    const agentId = params.agent_id;
    try {
      return { agentId, threshold: this.coordinator.participationThreshold(agentId) };
    } catch (error) {
      if (error instanceof CommunicationError) return null;
      throw error;
    }
  }
}
