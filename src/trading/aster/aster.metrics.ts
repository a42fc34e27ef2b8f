import type { MetricsRegistry } from '../../platform/metrics-registry.js';
import type { AsterHttpClient } from './aster-http.client.js';
import type { AsterBroker, LiveTradingState } from './aster.broker.js';

const STATES: readonly LiveTradingState[] = ['unreconciled', 'ready', 'refusing', 'halted'];

/** Aster's request budget, read at scrape time. */
export function registerAsterHttpMetrics(metrics: MetricsRegistry, http: AsterHttpClient): void {
  metrics.gauge({
    name: 'aster_request_weight_used',
    help: 'REQUEST_WEIGHT used in the current minute, as the exchange last reported it',
    read: (report) => report({}, http.weights.usedWeight1m),
  });
  metrics.counter({
    name: 'aster_request_weight_sent_total',
    help: 'Request weight this process sent to Aster, by the documented weights',
    read: (report) => report({}, http.weights.sentWeight),
  });
  metrics.counter({
    name: 'aster_rate_limited_total',
    help: 'HTTP 429 answers from Aster',
    read: (report) => report({}, http.weights.rateLimited),
  });
  metrics.gauge({
    name: 'aster_ip_banned',
    help: '1 after Aster answered 418 (IP banned): live trading stopped until an operator restarts it',
    read: (report) => report({}, http.state === 'banned' ? 1 : 0),
  });
}

/** The live broker's state, read at scrape time. */
export function registerAsterBrokerMetrics(metrics: MetricsRegistry, broker: AsterBroker): void {
  metrics.gauge({
    name: 'aster_live_trading_state',
    help: 'The live broker state: 1 for the current one (refusing = reconciliation mismatch)',
    labelNames: ['state'],
    read: (report) => {
      for (const state of STATES) report({ state }, broker.state === state ? 1 : 0);
    },
  });
}
