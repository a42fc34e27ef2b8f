import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MESSAGE_TYPES } from '../config/roster.js';
import { MetricsRegistry, type SeriesReader } from '../platform/metrics-registry.js';
import type { AgentBus } from './agent-bus.js';
import { AgentCoordinator } from './agent-coordinator.service.js';
import { BUS_OUTCOMES, LATENCY_BUCKETS } from './bus-counters.js';

/** The coordinator's Prometheus series, read from its typed-array counters at scrape time. */
@Injectable()
export class CommunicationMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly coordinator: AgentCoordinator,
  ) {}

  onModuleInit(): void {
    registerBusMetrics(this.metrics, this.coordinator.bus);
  }
}

/** The bus's series; separate from the service so a benchmark can scrape a bus of any size. */
export function registerBusMetrics(metrics: MetricsRegistry, bus: AgentBus): void {
  const agents = bus.table.agents;
  const ids = bus.table.ids;
  const perAgent =
    (value: (i: number) => number): SeriesReader =>
    (report) => {
      for (let k = 0; k < agents.length; k++) report({ agent: ids[agents[k]] }, value(agents[k]));
    };
  const c = bus.counters;
  const agentSeries = [
    [
      'gauge',
      'agent_activity_score',
      'Weighted message rate of an agent over the mean of all agents (1 = average).',
      (i: number) => bus.activity.scoreOf(i),
    ],
    [
      'gauge',
      'participation_threshold',
      'Relevance (0-1) a broadcast needs to reach an agent.',
      (i: number) => bus.participationThreshold(ids[i]),
    ],
    [
      'counter',
      'communication_throttles_total',
      'Messages an agent sent that the coordinator throttled.',
      (i: number) => c.throttled[i],
    ],
    [
      'gauge',
      'agent_participation_floor',
      'Activity score under which the agent counts as under its participation floor.',
      (i: number) => bus.tuner.floorOf(i),
    ],
    [
      'gauge',
      'agent_participation_below_floor',
      '1 while the agent has stayed under its participation floor (alert state).',
      (i: number) => bus.tuner.belowFloor[i],
    ],
  ] as const;
  for (const [type, name, help, value] of agentSeries) {
    metrics[type]({ name, help, labelNames: ['agent'], read: perAgent(value) });
  }
  metrics.counter({
    name: 'bus_messages_total',
    help: 'Messages on the agent bus by type and outcome: published, throttled, rejected; delivered (queued for a recipient), filtered, coalesced, dropped.',
    labelNames: ['type', 'outcome'],
    read: (report) => {
      MESSAGE_TYPES.forEach((type, t) => {
        for (const outcome of BUS_OUTCOMES) report({ type, outcome }, c.typeCount(t, outcome));
      });
    },
  });
  metrics.histogram({
    name: 'bus_delivery_latency_seconds',
    help: 'Time from publish until the recipient’s handler is called.',
    bounds: LATENCY_BUCKETS,
    read: () => ({ buckets: c.latencyBuckets, sum: c.latencySumSeconds, count: c.latencyCount }),
  });
}
