import type { MetricsRegistry } from '../platform/metrics-registry.js';
import type { ModelBudget } from './model-budget.js';
import { CALL_OUTCOMES, LATENCY_BOUNDS, type ModelUsage } from './model-usage.js';

/**
 * The model series, read from the agents' own counts at scrape time. An outcome an agent never had is
 * left out, so a healthy agent shows one series, not seven.
 */
export function registerModelMetrics(
  metrics: MetricsRegistry,
  usage: ModelUsage,
  budget: ModelBudget,
  agents: () => readonly string[],
): void {
  metrics.counter({
    name: 'llm_requests_total',
    help: 'Model calls per agent by outcome (ok, cached, malformed, timeout, rate_limited, http_error, budget_exhausted).',
    labelNames: ['agent', 'outcome'],
    read: (report) => {
      for (const agent of agents()) {
        const { calls } = usage.of(agent);
        for (const outcome of CALL_OUTCOMES) {
          if (outcome === 'ok' || calls[outcome] > 0) report({ agent, outcome }, calls[outcome]);
        }
      }
    },
  });
  metrics.counter({
    name: 'llm_tokens_total',
    help: 'Tokens billed by remote models per agent (input = prompt, output = completion).',
    labelNames: ['agent', 'direction'],
    read: (report) => {
      for (const agent of agents()) {
        const { promptTokens, completionTokens } = usage.of(agent);
        report({ agent, direction: 'input' }, promptTokens);
        report({ agent, direction: 'output' }, completionTokens);
      }
    },
  });
  metrics.counter({
    name: 'llm_cost_usd_total',
    help: 'What remote model calls cost per agent, in USD.',
    labelNames: ['agent'],
    read: (report) => {
      for (const agent of agents()) report({ agent }, usage.of(agent).costUsd);
    },
  });
  metrics.gauge({
    name: 'llm_budget_exhausted',
    help: '1 while an agent has spent its daily model budget (it is paused until the next UTC day).',
    labelNames: ['agent'],
    read: (report) => {
      for (const agent of agents()) report({ agent }, budget.isExhausted(agent) ? 1 : 0);
    },
  });
  metrics.histogram({
    name: 'llm_latency_seconds',
    help: 'Latency of remote model calls that reached the model (cache hits excluded).',
    bounds: LATENCY_BOUNDS,
    read: () => ({
      buckets: usage.latencyBuckets,
      sum: usage.latencySum,
      count: usage.latencyCount,
    }),
  });
}
