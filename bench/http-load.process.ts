import autocannon from 'autocannon';

/** What the HTTP bench asks of one load run. */
export interface LoadOrder {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
}

/** What one load run measured. */
export interface Load {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/**
 * The load generator in its own process (autocannon behaves differently on a worker thread): parsing
 * 15k responses a second is work of its own, and on the service's event loop it would be charged to
 * the service and to the bare Fastify baseline alike. Takes its order as JSON in argv, sends the load.
 */
const order = JSON.parse(process.argv[2]) as LoadOrder;
const result = await autocannon({
  url: order.url,
  connections: order.connections,
  duration: order.seconds,
});
const load: Load = {
  requestsPerSecond: result.requests.average,
  p99Ms: result.latency.p99,
  errors: result.errors + result.non2xx,
};
process.send?.(load);
