import Fastify from 'fastify';
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { median, print, round } from './bench-result.js';
import { MarketReplay } from '../src/trading/market-replay.service.js';
import { listeningService } from './bench-service.js';
import type { Load, LoadOrder } from './http-load.process.js';

const CONNECTIONS = 50;
const SECONDS = 2;
/**
 * Service and bare Fastify take turns this many times per path, in short runs, each pair in the other
 * order from the last: this machine's speed swings by a third within seconds, and with three pairs of
 * five seconds one slow stretch moved the median ratio by 0.15 from run to run.
 */
const PAIRS = 7;
/** Unmeasured load first, so neither server is measured while its request path is still being compiled. */
const WARM_UP_SECONDS = 2;
const RATIO_GOAL = 0.7;
const P99_BUDGET_MS = 10;
const PATHS = ['/portfolio-status', '/fills'] as const;
/** Bars the agents trade before the measurement: 10 hours of the bundled 5-minute month. */
const TRADED_BARS = 120;

/** autocannon in a child process, so the service's event loop serves requests and nothing else. */
function hammer(url: string, seconds = SECONDS): Promise<Load> {
  const order: LoadOrder = { url, connections: CONNECTIONS, seconds };
  const generator = fork(new URL('./http-load.process.js', import.meta.url), [
    JSON.stringify(order),
  ]);
  return new Promise((resolve, reject) => {
    generator.once('message', (load) => resolve(load as Load));
    generator.once('error', reject);
    generator.once('exit', (code) =>
      reject(new Error(`the load generator exited (${code}) without a result`)),
    );
  });
}

/**
 * GET /portfolio-status and GET /fills under 50 connections against the running service (after its
 * agents traded a replay), and the same payloads served by a bare Fastify in the same run: the baseline
 * is what the framework alone costs, so the ratio survives a noisy machine. The load generator runs in
 * its own process and both servers share this one, as the service and Fastify would in production.
 */
export async function runHttpBench(): Promise<void> {
  const trader = await listeningService('ct-bench-http-');
  // The agents trade the first bars of the month, then the market stands still while the API is
  // measured: with it moving, a page of fills grew from 7 to 9 KB during one run, and the bare
  // Fastify could not be serving the same bytes. The replay is deterministic, so every run measures
  // the same answers.
  await trader.app.get(MarketReplay).run(TRADED_BARS);
  const payloads = new Map<string, string>();
  for (const path of PATHS) payloads.set(path, await (await fetch(`${trader.base}${path}`)).text());

  const bare = Fastify();
  for (const [path, body] of payloads)
    bare.get(path, (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareBase = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
  try {
    for (const path of PATHS) {
      await hammer(`${trader.base}${path}`, WARM_UP_SECONDS);
      await hammer(`${bareBase}${path}`, WARM_UP_SECONDS);
      const pairs: { service: Load; baseline: Load }[] = [];
      for (let k = 0; k < PAIRS; k++) {
        const serviceFirst = k % 2 === 0;
        const first = await hammer(`${serviceFirst ? trader.base : bareBase}${path}`);
        const second = await hammer(`${serviceFirst ? bareBase : trader.base}${path}`);
        pairs.push(
          serviceFirst
            ? { service: first, baseline: second }
            : { service: second, baseline: first },
        );
      }
      const ratio = median(
        pairs.map((p) => p.service.requestsPerSecond / p.baseline.requestsPerSecond),
      );
      const p99Ms = median(pairs.map((p) => p.service.p99Ms));
      print({
        name: `http_get_${path.slice(1).replace(/-/g, '_')}`,
        value: round(median(pairs.map((p) => p.service.requestsPerSecond))),
        unit: 'req/s',
        baseline: round(median(pairs.map((p) => p.baseline.requestsPerSecond))),
        baselineName: 'bare_fastify_same_payload',
        ratio: round(ratio),
        ratios: pairs.map((p) => round(p.service.requestsPerSecond / p.baseline.requestsPerSecond)),
        p99Ms,
        baselineP99Ms: median(pairs.map((p) => p.baseline.p99Ms)),
        payloadBytes: Buffer.byteLength(payloads.get(path) ?? ''),
        connections: CONNECTIONS,
        seconds: SECONDS,
        pairs: PAIRS,
        errors: pairs.reduce((n, p) => n + p.service.errors + p.baseline.errors, 0),
        loadAverage1m: round(loadavg()[0]),
        goal: { ratio: RATIO_GOAL, p99Ms: P99_BUDGET_MS },
        withinGoal: ratio >= RATIO_GOAL && p99Ms <= P99_BUDGET_MS,
      });
    }
  } finally {
    await bare.close();
    await trader.close();
  }
}
