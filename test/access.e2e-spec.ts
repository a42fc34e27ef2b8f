import { writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import type { AuditLogDto } from '../src/access/audit.dto.js';
import { Clock, WallClock } from '../src/platform/clock.js';
import { freePort } from './support/service-process.js';
import { temporaryDir, testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const READ_TOKEN = 'grafana-read-token-0123456789';
const OPERATOR_TOKEN = 'desk-operator-token-0123456789';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const TOKENS = {
  none: {},
  read: bearer(READ_TOKEN),
  operator: bearer(OPERATOR_TOKEN),
  admin: bearer(TEST_ADMIN_TOKEN),
} as const;
type Caller = keyof typeof TOKENS;

function tokensFile(): string {
  const file = join(temporaryDir('ct-tokens-'), 'api-tokens.json');
  writeFileSync(
    file,
    JSON.stringify([
      { name: 'grafana', scope: 'read', token: READ_TOKEN },
      { name: 'desk', scope: 'operator', token: OPERATOR_TOKEN },
    ]),
  );
  return file;
}

/** Opens `/events` from a given local address; resolves with the response once its head arrives. */
function openStream(
  port: number,
  localAddress = '127.0.0.1',
  headers: Record<string, string> = TOKENS.read,
) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/events', localAddress, headers },
      resolve,
    );
    req.once('error', reject);
    req.end();
  });
}

describe('scoped access, the audit trail and bad input (READ_AUTH=on)', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    app = await TestApp.start(
      testConfig({
        READ_AUTH: 'on',
        API_TOKENS_FILE: tokensFile(),
        EVENTS_MAX_CLIENTS: '3',
        EVENTS_MAX_CLIENTS_PER_ADDRESS: '2',
      }),
    );
    port = await freePort();
    await app.app.listen({ port, host: '127.0.0.1' });
    await app.advance(5);
  });

  afterAll(() => app.close());

  const call = (method: 'get' | 'post', path: string, caller: Caller, body?: object) => {
    const req = request(app.server)[method](path).set(TOKENS[caller]);
    return body ? req.send(body) : req;
  };

  it.each([
    ['read', 'get', '/portfolio-status', { none: 401, read: 200, operator: 200, admin: 200 }],
    ['read', 'get', '/agent-activity', { none: 401, read: 200, operator: 200, admin: 200 }],
    [
      'operator',
      'post',
      '/set-participation-threshold/qwen',
      { none: 401, read: 403, operator: 200, admin: 200 },
    ],
    [
      'admin',
      'post',
      '/admin/breakers/qwen/reset',
      { none: 401, read: 403, operator: 403, admin: 200 },
    ],
    ['admin', 'get', '/audit', { none: 401, read: 403, operator: 403, admin: 200 }],
    ['public', 'get', '/healthz', { none: 200, read: 200, operator: 200, admin: 200 }],
    ['public', 'get', '/metrics', { none: 200, read: 200, operator: 200, admin: 200 }],
  ] as const)(
    '%s route %s %s answers each scope as it should',
    async (_, method, path, expected) => {
      const body = method === 'post' ? { threshold: 0.5 } : undefined;
      const got: Record<string, number> = {};
      for (const caller of Object.keys(expected) as Caller[]) {
        const response = await call(method, path, caller, body);
        got[caller] = response.status;
        if (response.status === 401) {
          expect(response.headers['www-authenticate']).toBe('Bearer realm="cloud-trader"');
        }
        if (response.status === 403) {
          expect((response.body as { message: string }).message).toMatch(/needs (operator|admin)/);
        }
      }
      expect(got).toEqual(expected);
    },
  );

  it('needs a read token for /events', async () => {
    const refused = await openStream(port, '127.0.0.1', {});
    expect(refused.statusCode).toBe(401);
    refused.resume();
    const stream = await openStream(port);
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toMatch(/text\/event-stream/);
    stream.destroy();
  });

  it.each([
    ['a second word after the token', `Bearer ${TEST_ADMIN_TOKEN} anything`],
    ['two spaces', `Bearer  ${TEST_ADMIN_TOKEN}`],
    ['no scheme', TEST_ADMIN_TOKEN],
    ['another scheme', `Basic ${TEST_ADMIN_TOKEN}`],
    ['a trailing comma', `Bearer ${TEST_ADMIN_TOKEN},`],
    ['a token with a prefix of the real one', `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}`],
    ['the real one and more', `Bearer ${TEST_ADMIN_TOKEN}0`],
    ['an empty token', 'Bearer '],
  ])('refuses %s with 401 and never echoes the header', async (_, header) => {
    const response = await request(app.server)
      .post('/admin/halt')
      .set('Authorization', header)
      .send({ reason: 'strict parsing' });
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).not.toContain(TEST_ADMIN_TOKEN.slice(0, 12));
    expect((await call('get', '/portfolio-status', 'read')).body).toMatchObject({ halted: false });
  });

  it('records each mutating call: token, scope, route, before and after, market and wall time, address', async () => {
    const clock = app.app.get(Clock);
    const wall = app.app.get(WallClock);
    const [marketBefore, wallBefore] = [clock.now(), wall.now()];
    await call('post', '/set-participation-threshold/fingpt', 'operator', {
      threshold: 0.2,
    }).expect(200);
    await call('post', '/set-participation-threshold/fingpt', 'operator', { threshold: 7 }).expect(
      400,
    );
    await call('post', '/admin/halt', 'admin', { reason: 'audit test' }).expect(200);
    await call('post', '/admin/breakers/portfolio/reset', 'admin').expect(200);
    await call('post', '/admin/halt', 'read', { reason: 'not allowed' }).expect(403);
    const [marketAfter, wallAfter] = [clock.now(), wall.now()];

    const { entries } = (await call('get', '/audit?limit=4', 'admin').expect(200))
      .body as AuditLogDto;
    expect(entries.map((e) => [e.tokenName, e.tokenScope, e.method, e.route, e.status])).toEqual([
      ['admin', 'admin', 'POST', '/admin/breakers/:id/reset', 200],
      ['admin', 'admin', 'POST', '/admin/halt', 200],
      ['desk', 'operator', 'POST', '/set-participation-threshold/:agent_id', 400],
      ['desk', 'operator', 'POST', '/set-participation-threshold/:agent_id', 200],
    ]);
    const [reset, halt, refused, set] = entries;
    expect(set).toMatchObject({
      path: '/set-participation-threshold/fingpt',
      request: { threshold: 0.2 },
      before: { agentId: 'fingpt', threshold: expect.any(Number) as number },
      after: { agentId: 'fingpt', threshold: 0.2 },
    });
    expect(set.before).not.toEqual(set.after);
    // Refused by validation: nothing changed.
    expect(refused).toMatchObject({
      request: { threshold: 7 },
      before: set.after,
      after: set.after,
    });
    expect(halt).toMatchObject({
      before: { id: 'portfolio', state: 'ok' },
      after: { id: 'portfolio', state: 'halted', reason: 'audit test' },
    });
    expect(reset).toMatchObject({ before: halt.after, after: { id: 'portfolio', state: 'ok' } });
    for (const entry of entries) {
      expect(entry.clientAddress).toMatch(/127\.0\.0\.1$/);
      expect(Date.parse(entry.ts)).toBeGreaterThanOrEqual(marketBefore);
      expect(Date.parse(entry.ts)).toBeLessThanOrEqual(marketAfter);
      expect(Date.parse(entry.recordedAt)).toBeGreaterThanOrEqual(wallBefore);
      expect(Date.parse(entry.recordedAt)).toBeLessThanOrEqual(wallAfter);
    }
    const older = (await call('get', `/audit?limit=1&beforeId=${set.auditId}`, 'admin'))
      .body as AuditLogDto;
    expect(older.entries.every((e) => e.auditId < set.auditId)).toBe(true);
    await call('get', '/audit?limit=0', 'admin').expect(400);
    await call('get', '/audit?limit=abc', 'admin').expect(400);
  });

  it('refuses a body nested 2,500 deep (under the size limit) with a 400 that says so', async () => {
    const deep = '{"a":'.repeat(2_500) + '1' + '}'.repeat(2_500);
    expect(deep.length).toBeLessThan(64 * 1024);
    const response = await request(app.server)
      .post('/set-participation-threshold/qwen')
      .set({ ...TOKENS.admin, 'Content-Type': 'application/json' })
      .send(deep);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      message: ['body nests deeper than 32 levels'],
      fields: ['body'],
    });
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'])(
    'refuses the key %s in a body, at any depth, and in a query',
    async (key) => {
      for (const text of [
        `{"threshold": 0.3, "${key}": {"threshold": 0.9}}`,
        `{"threshold": 0.3, "autoTuneBand": 0, "x": [{"${key}": 1}]}`,
      ]) {
        const response = await request(app.server)
          .post('/set-participation-threshold/hummingbot-mm')
          .set({ ...TOKENS.admin, 'Content-Type': 'application/json' })
          .send(text);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ fields: [key] });
      }
      const query = await call('get', `/reports/monthly?month=2021-05&${key}=1`, 'read');
      expect(query.status).toBe(400);
      expect((query.body as { message: string[] }).message).toEqual([
        `query parameter "${key}" is not allowed`,
      ]);
    },
  );

  it('caps /events per client address and in total with 503 and Retry-After', async () => {
    const open: IncomingMessage[] = [];
    const status = async (address: string) => {
      const response = await openStream(port, address);
      if (response.statusCode === 200) open.push(response);
      else response.resume();
      return [response.statusCode, response.headers['retry-after']];
    };
    expect(await status('127.0.0.1')).toEqual([200, undefined]);
    expect(await status('127.0.0.1')).toEqual([200, undefined]);
    expect(await status('127.0.0.1')).toEqual([503, '10']);
    expect(await status('127.0.0.2')).toEqual([200, undefined]);
    expect(await status('127.0.0.3')).toEqual([503, '10']);
    const closed = open.shift();
    closed?.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await status('127.0.0.3')).toEqual([200, undefined]);
    for (const stream of open) stream.destroy();
  });
});

describe('reads on a loopback bind (READ_AUTH defaults to off there)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(testConfig({ HOST: '127.0.0.1' }));
  });

  afterAll(() => app.close());

  it('answers GETs without a token, still refuses a bad header, and still guards changes', async () => {
    await request(app.server).get('/portfolio-status').expect(200);
    await request(app.server)
      .get('/portfolio-status')
      .set('Authorization', 'Bearer not-a-known-token-000')
      .expect(401);
    await request(app.server)
      .post('/set-participation-threshold/qwen')
      .send({ threshold: 0.4 })
      .expect(401);
    await request(app.server).get('/audit').expect(401);
  });
});
