import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { McpCounters } from './mcp-counters.js';

@Injectable()
export class McpMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly counters: McpCounters,
  ) {}

  onModuleInit(): void {
    this.metrics.counter({
      name: 'mcp_requests_total',
      help: 'MCP tool calls by seat (agent), tool and outcome; unauthorized requests have agent and tool "none".',
      labelNames: ['agent', 'tool', 'outcome'],
      read: (set) => {
        for (const c of this.counters.all())
          set({ agent: c.agent, tool: c.tool, outcome: c.outcome }, c.count);
      },
    });
  }
}
