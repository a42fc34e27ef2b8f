import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MESSAGE_TYPES } from '../config/roster.js';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { AgentCoordinator } from './agent-coordinator.service.js';
import { BUS_OUTCOMES } from './bus-counters.js';

/** The coordinator's Prometheus series, read from its counters at scrape time. */
@Injectable()
export class CommunicationMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly coordinator: AgentCoordinator,
  ) {}

  onModuleInit(): void {
    const report = () => this.coordinator.activity().agents;
    this.metrics.gauge({
      name: 'agent_activity_score',
      help: 'Exponentially weighted message rate of an agent divided by the mean over agents (1 = average).',
      labelNames: ['agent'],
      read: (set) => report().forEach((a) => set({ agent: a.agentId }, a.activityScore)),
    });
    this.metrics.gauge({
      name: 'participation_threshold',
      help: 'Relevance (0-1) a broadcast needs to reach an agent.',
      labelNames: ['agent'],
      read: (set) => report().forEach((a) => set({ agent: a.agentId }, a.participationThreshold)),
    });
    this.metrics.counter({
      name: 'communication_throttles_total',
      help: 'Messages an agent sent that the coordinator throttled.',
      labelNames: ['agent'],
      read: (set) => report().forEach((a) => set({ agent: a.agentId }, a.throttled)),
    });
    const counters = this.coordinator.bus.counters;
    this.metrics.counter({
      name: 'bus_messages_total',
      help: 'Messages on the agent bus by type and outcome (published, throttled, rejected, delivered, filtered, dropped).',
      labelNames: ['type', 'outcome'],
      read: (set) => {
        for (const type of MESSAGE_TYPES) {
          for (const outcome of BUS_OUTCOMES)
            set({ type, outcome }, counters.typeCount(MESSAGE_TYPES.indexOf(type), outcome));
        }
      },
    });
  }
}
