import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import {
  createEnvelope,
  ORCHESTRATOR_ID,
  type MessageEnvelope,
} from '../communication/message-envelope.js';
import { MessageIds } from '../communication/message-ids.js';
import { Clock } from '../platform/clock.js';
import { GuidanceService } from './guidance.service.js';
import { OrderDecisions } from './order-decisions.js';
import { PortfolioService } from './portfolio.service.js';
import { SelfExecutingAgents } from './self-executing-agents.js';

const SELF_EXECUTED = {
  status: 'ignored',
  reason: 'the bot fills its own orders; its fills are booked as it reports them',
} as const;

/** The orchestrator's seat on the bus: it executes signals, remembers theses and hands out guidance. */
@Injectable()
export class OrchestratorService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrchestratorService.name);
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly coordinator: AgentCoordinator,
    private readonly portfolio: PortfolioService,
    private readonly guidance: GuidanceService,
    private readonly decisions: OrderDecisions,
    private readonly ids: MessageIds,
    private readonly selfExecuting: SelfExecutingAgents,
  ) {}

  onApplicationBootstrap(): void {
    this.coordinator.bus.attach(ORCHESTRATOR_ID, (message) => this.receive(message));
    for (const agent of this.config.roster) this.sendGuidance(agent.id);
  }

  sendGuidance(agentId: string): void {
    const text = this.guidance.summary(agentId);
    this.coordinator.bus.publish(
      createEnvelope(
        {
          id: this.ids.next(ORCHESTRATOR_ID),
          type: 'guidance',
          from: ORCHESTRATOR_ID,
          to: [agentId],
          text,
        },
        this.clock.now(),
      ),
    );
  }

  private receive(message: MessageEnvelope): Promise<void> | void {
    if (message.type === 'thesis') this.guidance.theses.remember(message);
    if (message.type !== 'signal') return;
    if (this.selfExecuting.has(message.from))
      return this.decisions.settle(message.id, SELF_EXECUTED);
    const executed = this.portfolio
      .execute(message)
      .then((decision) => this.decisions.settle(message.id, decision));
    if (!this.portfolio.fillsAtLaterBar) return executed;
    // The fill comes with a later bar: the bus (and a replay waiting for it to settle) steps on; the
    // open order's cash is committed, so the next signal is sized without it.
    executed.catch((error: unknown) =>
      this.logger.error(`signal ${message.id} failed: ${String(error)}`),
    );
  }
}
