import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { createHttpApp } from '../src/http-app.js';
import { JsonLogger } from '../src/platform/json-logger.js';
import { type FuzzRequest, hostileRequests, type RouteEntry } from './support/hostile-requests.js';
import { freePort, MAIN, ServiceProcess } from './support/service-process.js';
import { temporaryDir, testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';

const SEED = 17;
const REQUESTS = 10_000;
const CONCURRENCY = 8;
/** Far above any answer's time: a request still open after this is a hang. */
const HANG_MS = 15_000;

const TOKENS = {
  read: 'fuzz-read-token-0123456789',
  operator: 'fuzz-operator-token-0123456789',
  admin: TEST_ADMIN_TOKEN,
};

/** Every route Fastify registers for the service, captured as the module graph registers them. */
async function fastifyRoutes(): Promise<RouteEntry[]> {
  const routes: RouteEntry[] = [];
  const app = await createHttpApp(testConfig(), new JsonLogger('ERROR'));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await app.init();
  await app.close();
  return routes;
}

async function documentedRoutes(service: ServiceProcess): Promise<RouteEntry[]> {
  const doc = await service.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
  return Object.entries(doc.paths).flatMap(([url, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), url })),
  );
}

type Outcome = { status: number } | { error: string };

const STATUS_LINE = /^HTTP\/1\.1 (\d{3}) /;

/**
 * One request on its own connection, written as raw bytes so that any method, header and body goes
 * out as generated; the answer is the status line, whatever happens to the connection after it.
 */
function send(port: number, req: FuzzRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const head = [
      `${req.method} ${req.path} HTTP/1.1`,
      'host: 127.0.0.1',
      'connection: close',
      ...Object.entries(req.headers).map(([name, value]) => `${name}: ${value}`),
    ].join('\r\n');
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const settle = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const answered = () => {
      const status = STATUS_LINE.exec(received)?.[1];
      return status === undefined ? undefined : { status: Number(status) };
    };
    const timer = setTimeout(() => settle(answered() ?? { error: 'hang' }), HANG_MS);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      // /events answers with an endless stream: its head is the answer.
      if (received.includes('\r\n\r\n') && /content-type: text\/event-stream/i.test(received)) {
        settle(answered() ?? { error: 'no status line' });
      }
    });
    socket.on('close', () =>
      settle(answered() ?? { error: `closed after ${JSON.stringify(received.slice(0, 80))}` }),
    );
    socket.on('error', (error) => settle(answered() ?? { error: error.message }));
    socket.write(`${head}\r\n\r\n`, 'latin1');
    // No half-close: Node's server drops a connection whose client has ended before it answered.
    if (req.body !== undefined) socket.write(Buffer.from(req.body));
  });
}

/**
 * 10,000 seeded requests over every route — deep nesting, odd types, huge and hostile keys, every kind
 * of credential — against the built service as its own process: no 5xx, no crash, no hang.
 */
describe('the API under 10,000 hostile requests', () => {
  let service: ServiceProcess;

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.kill('SIGKILL');
      await service.exited;
    }
  });

  it('never answers 5xx, never hangs and keeps running', async () => {
    const fromFastify = await fastifyRoutes();
    const tokensFile = join(temporaryDir('ct-fuzz-'), 'tokens.json');
    writeFileSync(
      tokensFile,
      JSON.stringify([
        { name: 'fuzz-read', scope: 'read', token: TOKENS.read },
        { name: 'fuzz-operator', scope: 'operator', token: TOKENS.operator },
      ]),
    );
    service = ServiceProcess.start(
      {
        DATA_DIR: join(temporaryDir('ct-fuzz-'), 'data'),
        ADMIN_TOKEN: TOKENS.admin,
        API_TOKENS_FILE: tokensFile,
        READ_AUTH: 'on',
        LOG_LEVEL: 'ERROR',
        REPLAY_BAR_INTERVAL_MS: '100',
      },
      await freePort(),
    );
    await service.ready();
    const routes = [...fromFastify, ...(await documentedRoutes(service))];
    expect(routes.length).toBeGreaterThan(20);

    const requests = fc.sample(hostileRequests(routes, TOKENS), { seed: SEED, numRuns: REQUESTS });
    const statuses = new Map<number, number>();
    const failures: { req: FuzzRequest; outcome: Outcome }[] = [];
    const record = (req: FuzzRequest, outcome: Outcome) => {
      if ('status' in outcome)
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      if (!('status' in outcome) || outcome.status >= 500) failures.push({ req, outcome });
    };
    const retried: FuzzRequest[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++];
        const outcome = await send(service.port, req);
        // A server may close a connection as soon as it has answered, unread body and all, and the
        // client can lose that answer to the reset: such a request is sent again, alone. A hang is not.
        if ('error' in outcome && outcome.error !== 'hang') retried.push(req);
        else record(req, outcome);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    for (const req of retried) record(req, await send(service.port, req));

    const summary = (f: { req: FuzzRequest; outcome: Outcome }) => ({
      ...f.outcome,
      method: f.req.method,
      path: f.req.path.slice(0, 120),
      body: f.req.body?.slice(0, 120),
    });
    expect(failures.map(summary)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    for (const status of [200, 400, 401, 403, 404, 413])
      expect(statuses.get(status)).toBeGreaterThan(0);
    expect(service.child.exitCode).toBeNull();
    expect((await fetch(service.url('/healthz'))).status).toBe(200);
    expect((await fetch(service.url('/readyz'))).status).toBe(200);
    expect(service.output).not.toMatch(/RangeError|Maximum call stack|uncaught/i);
    service.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  });
});
