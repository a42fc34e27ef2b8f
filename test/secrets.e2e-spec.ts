import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { freePort, MAIN, ServiceProcess } from './support/service-process.js';
import { temporaryDir } from './support/test-config.js';

const OPERATOR_TOKEN = 'operator-secret-7Qx2-0123456789';
const READ_TOKEN = 'read-secret-Zk9P-0123456789';
const SHORT_ADMIN_TOKEN = 'short-Secret-9';

/** The head and first snapshot of `/events`, which never ends by itself. */
function firstEvent(port: number, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(
      { host: '127.0.0.1', port, path: '/events', headers: { authorization: `Bearer ${token}` } },
      (response) => {
        response.once('data', (chunk: Buffer) => {
          resolve(JSON.stringify(response.headers) + chunk.toString());
          req.destroy();
        });
      },
    );
    req.once('error', reject);
  });
}

/**
 * No token value anywhere a person or a system can read it: responses (bodies and headers), logs,
 * metrics, the OpenAPI document, the audit trail, the exported analytics rows and the database files.
 */
describe('secrets stay secret', () => {
  const running: ServiceProcess[] = [];

  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  });

  afterAll(async () => {
    for (const service of running) {
      if (service.child.exitCode === null) service.kill('SIGKILL');
      await service.exited;
    }
  });

  it('never shows a token: not in a response, log, metric, audit entry, export or database file', async () => {
    const dir = temporaryDir('ct-secrets-');
    const dataDir = join(dir, 'data');
    const tokensFile = join(dir, 'tokens.json');
    writeFileSync(
      tokensFile,
      JSON.stringify([{ name: 'grafana', scope: 'read', token: READ_TOKEN }]),
    );
    const service = ServiceProcess.start(
      {
        DATA_DIR: dataDir,
        OPERATOR_TOKEN,
        API_TOKENS_FILE: tokensFile,
        READ_AUTH: 'on',
        LOG_LEVEL: 'DEBUG',
        REPLAY_BAR_INTERVAL_MS: '50',
      },
      await freePort(),
    );
    running.push(service);
    await service.ready();
    // No ADMIN_TOKEN: the generated one in DATA_DIR/admin-token is a secret too.
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const secrets = [adminToken, OPERATOR_TOKEN, READ_TOKEN];

    const seen: string[] = [];
    const call = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(service.url(path), init);
      const text = await response.text();
      seen.push(JSON.stringify([...response.headers]), text);
      return response.status;
    };
    const post = (path: string, authorization: string, body: object) =>
      call(path, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const statuses: number[] = [];
    for (const token of secrets) {
      for (const header of [
        `Bearer ${token}`,
        `Bearer ${token} extra`,
        `Bearer ${token}x`,
        `bearer  ${token}`,
        token,
      ]) {
        statuses.push(await post('/set-participation-threshold/qwen', header, { threshold: 0.4 }));
        statuses.push(await post('/admin/halt', header, { reason: 'secrets test' }));
        statuses.push(await post('/admin/breakers/portfolio/reset', header, {}));
        statuses.push(await call('/portfolio-status', { headers: { authorization: header } }));
        statuses.push(await call('/audit', { headers: { authorization: header } }));
      }
    }
    expect(new Set(statuses)).toEqual(new Set([200, 401, 403]));
    for (const path of ['/metrics', '/docs-json', '/healthz', '/readyz', '/alerts'])
      await call(path, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
    seen.push(await firstEvent(service.port, READ_TOKEN));
    await call('/audit?limit=1000', { headers: { authorization: `Bearer ${adminToken}` } });
    expect(seen.join('\n')).toMatch(/"tokenName":"operator"/);

    // The audit rows reach the local analytics table (the export path BigQuery takes too).
    const db = new Database(join(dataDir, 'cloud-trader.sqlite'), { readonly: true });
    await service.until(() => {
      const row = db
        .prepare<[], { n: number }>(
          "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'analytics_audit_log'",
        )
        .get();
      if (!row?.n) return Promise.resolve(undefined);
      const shipped = db
        .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM analytics_audit_log')
        .get();
      return Promise.resolve((shipped?.n ?? 0) >= 4 ? true : undefined);
    }, 20_000);
    const exported = JSON.stringify(db.prepare('SELECT * FROM analytics_audit_log').all());
    db.close();
    expect(exported).toMatch(/"token_name":"admin"/);
    expect(exported).toMatch(/"token_name":"operator"/);

    service.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    // Every file under DATA_DIR, backups included, but the token file itself.
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'admin-token')
      .map((entry) => relative(dataDir, join(entry.parentPath, entry.name)));
    expect(files).toContain('cloud-trader.sqlite');
    const sources: Record<string, string> = {
      responses: seen.join('\n'),
      log: service.output,
      analytics: exported,
      ...Object.fromEntries(
        files.map((name) => [name, readFileSync(join(dataDir, name)).toString('latin1')]),
      ),
    };
    const leaks = Object.entries(sources).flatMap(([source, text]) =>
      secrets.filter((s) => text.includes(s)).map((s) => `${source} holds ${s.slice(0, 6)}…`),
    );
    expect(leaks).toEqual([]);
    expect(service.output).toContain(join(dataDir, 'admin-token'));
  }, 90_000);

  it('does not echo a too-short ADMIN_TOKEN when refusing to start', async () => {
    const service = ServiceProcess.start(
      { DATA_DIR: join(temporaryDir('ct-secrets-'), 'data'), ADMIN_TOKEN: SHORT_ADMIN_TOKEN },
      await freePort(),
    );
    running.push(service);
    expect((await service.exited).code).toBe(1);
    expect(service.output).toContain(
      'ADMIN_TOKEN must be at least 16 characters (value not shown)',
    );
    expect(service.output).not.toContain(SHORT_ADMIN_TOKEN);
  }, 30_000);
});
