import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ServiceProcess } from './support/service-process.js';
import { serviceLauncher } from './support/service-launcher.js';
import { temporaryDir, TEST_ADMIN_TOKEN } from './support/test-config.js';

interface Activity {
  agents: { agentId: string; sent: number; participationThreshold: number }[];
}
interface Portfolio {
  agents: { agentId: string; fills: number; pnlUsd: number }[];
}

/**
 * The built service as its own process, with no variables set but where it keeps its data and which
 * port it uses: what `npm ci && npm start` gives a newcomer.
 */
describe('the service process', () => {
  const launch = serviceLauncher();
  const start = (dataDir: string, extra: Record<string, string> = {}) =>
    launch({ DATA_DIR: dataDir, ...extra });

  it('is ready in seconds; within 60 s all six agents have spoken and two or more have fills and PnL', async () => {
    const service = await start(join(temporaryDir(), 'data'));
    const startedAt = Date.now();
    await service.ready();
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    await service.until(async () => {
      const activity = await service.get<Activity>('/agent-activity');
      return activity.agents.every((a) => a.sent > 0) ? true : undefined;
    }, 60_000);
    const traders = await service.until(
      async () => {
        const portfolio = await service.get<Portfolio>('/portfolio-status');
        const trading = portfolio.agents.filter((a) => a.fills > 0 && a.pnlUsd !== 0);
        return trading.length >= 2 ? trading : undefined;
      },
      60_000 - (Date.now() - startedAt),
    );
    expect(traders.length).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('refuses a second process on the same DATA_DIR, and ends the first cleanly on SIGTERM', async () => {
    const dataDir = join(temporaryDir(), 'data');
    const first = await start(dataDir);
    await first.ready();
    const second = await start(dataDir);
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output).toMatch(
      /Another Cloud Trader process \(pid \d+\) is already running on DATA_DIR/,
    );
    expect((await fetch(first.url('/healthz'))).status).toBe(200);

    const stoppingAt = Date.now();
    first.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppingAt).toBeLessThan(5_000);
    expect(first.output).toMatch(/stopped cleanly/);
    expect(existsSync(join(dataDir, 'cloud-trader.lock'))).toBe(false);
  }, 60_000);

  it('keeps an admin-set threshold through kill -9 and a restart', async () => {
    const dataDir = join(temporaryDir(), 'data');
    const env = { ADMIN_TOKEN: TEST_ADMIN_TOKEN };
    const first = await start(dataDir, env);
    await first.ready();
    const response = await fetch(first.url('/set-participation-threshold/lag-llama'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ threshold: 0.77 }),
    });
    expect(response.status).toBe(200);
    first.kill('SIGKILL');
    await first.exited;

    const second = await start(dataDir, env);
    await second.ready();
    const activity = await second.get<Activity>('/agent-activity');
    expect(activity.agents.find((a) => a.agentId === 'lag-llama')?.participationThreshold).toBe(
      0.77,
    );
  }, 60_000);

  it('stops at start with one line per configuration problem', async () => {
    const service = await start(join(temporaryDir(), 'data'), {
      LOG_LEVEL: 'LOUD',
      MARKET_DATA: 'nasdaq',
    });
    expect((await service.exited).code).toBe(1);
    expect(service.output).toMatch(
      /Invalid configuration:\n {2}- LOG_LEVEL="LOUD": .*\n {2}- MARKET_DATA="nasdaq": .*/,
    );
  }, 30_000);

  it('generates an admin token once into DATA_DIR/admin-token (0600), keeps it across restarts, never logs it', async () => {
    const dataDir = join(temporaryDir(), 'data');
    const setThreshold = (service: ServiceProcess, token: string) =>
      fetch(service.url('/set-participation-threshold/qwen'), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ threshold: 0.5 }),
      });
    const first = await start(dataDir);
    await first.ready();
    const file = join(dataDir, 'admin-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(first.output).toContain(`generated an admin token into ${file}`);
    expect(first.output).not.toContain(token);
    expect((await setThreshold(first, token)).status).toBe(200);
    first.kill('SIGTERM');
    await first.exited;

    const second = await start(dataDir);
    await second.ready();
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    expect(second.output).toContain(`using the admin token in ${file}`);
    expect(second.output).not.toContain(token);
    expect((await setThreshold(second, token)).status).toBe(200);
    expect((await setThreshold(second, 'some-other-token-0123456789')).status).toBe(401);
    second.kill('SIGTERM');
    await second.exited;
  }, 60_000);

  it('binds 127.0.0.1 unless HOST says otherwise', async () => {
    const service = await start(join(temporaryDir(), 'data'), { ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    await service.ready();
    expect(service.output).toContain(
      `ready on http://localhost:${service.port} (bound to 127.0.0.1;`,
    );
    service.kill('SIGTERM');
    await service.exited;
  }, 30_000);
});
