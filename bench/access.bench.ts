import { sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AccessTokens } from '../src/access/access-tokens.js';
import { tokenDigest } from '../src/config/api-tokens.js';
import { createHttpApp } from '../src/http-app.js';
import { JsonLogger } from '../src/platform/json-logger.js';
import { parseJsonBody } from '../src/platform/json-body.parser.js';
import { MARKET_DATA_DIR, testConfig } from '../test/support/test-config.js';
import { median, print, round } from './bench-result.js';

const ROUNDS = 7;

/** Calls per second of `fn`, the median of ROUNDS rounds of `calls` calls. */
function rate(calls: number, fn: () => unknown): number {
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn();
    rates.push(calls / ((performance.now() - started) / 1_000));
  }
  return median(rates);
}

function figure(name: string, value: number, baseline: number, unit = 'ops/s'): void {
  print({
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: round(value / baseline),
  });
}

function benchTokens(): void {
  const values = Array.from({ length: 8 }, (_, i) => `bench-token-${i}-0123456789abcdef`);
  const tokens = new AccessTokens(
    values.map((v, i) => ({ name: `t${i}`, scope: 'read', sha256: tokenDigest(v) })),
  );
  const header = `Bearer ${values[7]}`;
  // Baseline: the old single-token check, a plain string comparison.
  figure(
    'access: identify a bearer token among 8 (SHA-256, constant-time compare of each)',
    rate(200_000, () => tokens.identify(header)),
    rate(200_000, () => header.slice(7) === values[7]),
  );
}

function benchBodies(): void {
  const small = JSON.stringify({ threshold: 0.35, autoTuneBand: 0.1 });
  const large = JSON.stringify({
    reason: 'x',
    items: Array.from({ length: 1_500 }, (_, i) => ({ id: i, note: 'abcdefghij' })),
  });
  // Baseline: a bare JSON.parse, with neither the depth scan nor the key check.
  const bare = (text: string) => JSON.parse(text) as unknown;
  figure(
    'access: parse a 36-byte admin body',
    rate(200_000, () => parseJsonBody(small)),
    rate(200_000, () => bare(small)),
  );
  figure(
    `access: parse a ${Math.round(large.length / 1024)} KB body`,
    rate(500, () => parseJsonBody(large)),
    rate(500, () => bare(large)),
  );
}

/** Requests per second through the whole app (in-process inject): a token checked on each, or none. */
async function benchRequests(): Promise<void> {
  const token = 'bench-read-token-0123456789';
  // Compiled, test/support resolves the repository one level too deep.
  const marketData = MARKET_DATA_DIR.replace(`${sep}dist${sep}`, sep);
  const withAuth = await createHttpApp(
    testConfig({ READ_AUTH: 'on', READ_TOKEN: token, MARKET_DATA_DIR: marketData }),
    new JsonLogger('ERROR'),
  );
  const open = await createHttpApp(
    testConfig({ READ_AUTH: 'off', MARKET_DATA_DIR: marketData }),
    new JsonLogger('ERROR'),
  );
  await Promise.all([withAuth.init(), open.init()]);
  const requests = 2_000;
  const round = async (app: typeof open, headers: Record<string, string>) => {
    const fastify = app.getHttpAdapter().getInstance();
    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      const response = await fastify.inject({ method: 'GET', url: '/agent-activity', headers });
      if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
    }
    return requests / ((performance.now() - started) / 1_000);
  };
  // Rounds alternate, so a busy neighbour on a shared machine slows both sides alike.
  const checked: number[] = [];
  const unchecked: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    checked.push(await round(withAuth, { authorization: `Bearer ${token}` }));
    unchecked.push(await round(open, {}));
  }
  figure(
    'access: GET /agent-activity with a read token (READ_AUTH=on)',
    median(checked),
    median(unchecked),
    'req/s',
  );
  await Promise.all([withAuth.close(), open.close()]);
}

export async function runAccessBench(): Promise<void> {
  benchTokens();
  benchBodies();
  await benchRequests();
}
