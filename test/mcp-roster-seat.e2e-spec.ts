import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { ActivityReportDto } from '../src/communication/agent-activity.dto.js';
import { DashboardSnapshotService } from '../src/dashboard/dashboard-snapshot.service.js';
import { OutboxShipper } from '../src/export/outbox-shipper.service.js';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { Outbox } from '../src/platform/outbox.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { CHROMIUM, launchChromium } from './support/chromium.js';
import { SeatClient } from './support/mcp-seat.js';
import { pollUntil } from './support/poll.js';
import { freePort } from './support/service-process.js';
import { temporaryDir, testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const SEAT = 'claude-seat';
const TOKEN = 'seat-claude-0123456789abcdef';

interface AgentRow {
  agentId: string;
  role: string;
  driver: string;
  transport: string;
  state: string;
  symbols: string[];
  idle?: string;
}

/**
 * An agent that exists only as an MCP seat, declared in MCP_SEATS: no built-in stand-in, idle until an
 * MCP client (the official SDK) holds the seat, funded within its own floor and cap by the normal
 * allocation, and visible in /agents, /agent-activity, /portfolio-status, the metrics and the export.
 */
describe('MCP seats declared in the roster', () => {
  let app: TestApp;
  let baseUrl: string;
  let mcpUrl: string;
  let seat: SeatClient | undefined;

  beforeAll(async () => {
    const port = await freePort();
    app = await TestApp.start(
      testConfig({
        PORT: String(port),
        MCP_SEATS: `${SEAT}:strategist:floor=6:cap=12:threshold=0.42:symbols=BTCUSDT+ETHUSDT:tokens=50000:usd=0.5`,
        MCP_SEAT_TOKENS: `${SEAT}:${TOKEN}`,
      }),
    );
    await app.app.listen({ port, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${port}`;
    mcpUrl = `${baseUrl}/mcp`;
    await app.advance(2);
  });

  afterAll(async () => {
    await seat?.close();
    await app.close();
  }, 60_000);

  const agent = async (): Promise<AgentRow | undefined> =>
    (
      (await request(app.server).get('/agents').expect(200)).body as { agents: AgentRow[] }
    ).agents.find((a) => a.agentId === SEAT);
  const status = async () =>
    (await request(app.server).get('/portfolio-status').expect(200)).body as PortfolioStatusDto;
  const activity = async () =>
    (
      (await request(app.server).get('/agent-activity').expect(200)).body as ActivityReportDto
    ).agents.find((a) => a.agentId === SEAT);

  it('joins the roster idle, with no driver, until a client holds its seat', async () => {
    expect(await agent()).toEqual({
      agentId: SEAT,
      role: 'strategist',
      driver: 'none',
      transport: 'mcp',
      state: 'paused',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      idle: expect.stringMatching(/MCP seat with no built-in stand-in/) as unknown,
    });
    const row = await activity();
    expect(row).toMatchObject({ role: 'strategist', connected: false, sent: 0 });
    expect(row?.participationThreshold).toBe(0.42);
  });

  it('gets a slice of capital within its own floor and cap, and shares the role weight', async () => {
    const { agents } = await status();
    const mine = agents.find((a) => a.agentId === SEAT);
    expect(mine?.targetPct).toBeGreaterThanOrEqual(6);
    expect(mine?.targetPct).toBeLessThanOrEqual(12);
    expect(mine?.capitalUsd).toBeGreaterThan(0);
    // deepseek-v3 shares the strategist's base weight with the seat.
    const deepseek = agents.find((a) => a.agentId === 'deepseek-v3');
    expect(deepseek?.targetPct).toBeLessThan(25);
  });

  it('is accepted by the API wherever an agent id is, and an unknown id still is not', async () => {
    await request(app.server).get(`/agent/${SEAT}/guidance`).expect(200);
    await request(app.server).get(`/fills?agent=${SEAT}`).expect(200);
    await request(app.server).get(`/positions?agent=${SEAT}`).expect(200);
    await request(app.server).get(`/equity?agent=${SEAT}&step=1h`).expect(200);
    await request(app.server).get('/equity?agent=portfolio&step=1h').expect(200);
    const bad = await request(app.server).get('/fills?agent=nobody').expect(400);
    expect(bad.body).toMatchObject({ fields: ['agent'] });
    expect((bad.body as { message: string[] }).message[0]).toContain(SEAT);
    await request(app.server).get('/equity?agent=nobody').expect(400);
    await request(app.server).get('/agent/nobody/guidance').expect(404);
  });

  it('runs while seated: guidance, an order that fills, activity, metrics and export', async () => {
    seat = await SeatClient.connect(mcpUrl, TOKEN);
    expect(await agent()).toMatchObject({ state: 'running', transport: 'mcp' });
    expect((await agent())?.idle).toBeUndefined();

    const guidance = await seat.answer<{ agentId: string; role: string; symbols: string[] }>(
      'get_guidance',
    );
    expect(guidance.data).toMatchObject({
      agentId: SEAT,
      role: 'strategist',
      symbols: ['BTCUSDT', 'ETHUSDT'],
    });
    const usage = await seat.answer<{ modelBudget: unknown }>('my_usage');
    expect(usage.data.modelBudget).toEqual({
      dailyTokens: 50_000,
      dailyCostUsd: 0.5,
      usedTokens: 0,
      usedCostUsd: 0,
      exhausted: false,
    });

    const answer = seat.answer<{ status: string; fill?: { symbol: string; quantity: number } }>(
      'propose_order',
      { clientOrderId: 'c-1', symbol: 'ETHUSDT', side: 'buy', confidence: 0.9 },
    );
    await pollUntil(
      () =>
        Promise.resolve(
          app.app
            .get(SqliteConnection)
            .db.prepare('SELECT 1 FROM orders WHERE signal_id = ?')
            .get(`mcp-${SEAT}-c-1`)
            ? true
            : undefined,
        ),
      5_000,
      10,
    );
    await app.advance(1);
    const filled = await answer;
    expect(filled.isError).toBe(false);
    expect(filled.data.status).toBe('filled');
    expect(filled.data.fill?.symbol).toBe('ETHUSDT');

    const mine = (await status()).agents.find((a) => a.agentId === SEAT);
    expect(mine?.fills).toBe(1);
    expect(mine?.exposureUsd).toBeGreaterThan(0);
    const row = await activity();
    expect(row?.connected).toBe(true);
    expect(row?.sent).toBeGreaterThanOrEqual(1);

    await app.coordinator.bus.whenIdle();
    const dashboard = app.app.get(DashboardSnapshotService).opening();
    expect(dashboard.activity.agents.find((a) => a.agentId === SEAT)?.connected).toBe(true);
    expect(dashboard.portfolio?.agents.find((a) => a.agentId === SEAT)?.fills).toBe(1);

    const metrics = (await request(app.server).get('/metrics').expect(200)).text;
    expect(metrics).toContain(
      `mcp_requests_total{agent="${SEAT}",tool="propose_order",outcome="ok"} 1`,
    );
    expect(metrics).toMatch(new RegExp(`portfolio_allocation_pct\\{agent="${SEAT}"\\} [0-9.]+`));
    expect(metrics).toMatch(new RegExp(`agent_activity_score\\{agent="${SEAT}"\\} [0-9.]+`));

    app.app.get(Outbox).flush();
    await app.app.get(OutboxShipper).shipOnce();
    await app.app.get(OutboxShipper).shipOnce();
    const exported = app.app
      .get(SqliteConnection)
      .db.prepare('SELECT agent_id, symbol FROM analytics_fills WHERE agent_id = ?')
      .all(SEAT);
    expect(exported).toEqual([{ agent_id: SEAT, symbol: 'ETHUSDT' }]);
  });

  it('charges the model usage the seat reports to its own budget, and silences it once spent', async () => {
    const client = seat ?? (seat = await SeatClient.connect(mcpUrl, TOKEN));
    const first = await client.answer<{ usedTokens: number; exhausted: boolean }>(
      'report_model_usage',
      { promptTokens: 20_000, completionTokens: 5_000, costUsd: 0.1 },
    );
    expect(first.data).toMatchObject({ usedTokens: 25_000, exhausted: false });
    const thesis = { confidence: 0.6, horizon: '4h', text: 'ETH holds its range' };
    expect((await client.answer('publish_thesis', thesis)).isError).toBe(false);
    const spent = await client.answer<{ usedTokens: number; exhausted: boolean }>(
      'report_model_usage',
      { promptTokens: 20_000, completionTokens: 5_000, costUsd: 0.1 },
    );
    expect(spent.data).toMatchObject({ usedTokens: 50_000, exhausted: true });
    const refused = await client.answer<{ status: string; reason: string }>(
      'publish_thesis',
      thesis,
    );
    expect(refused.isError).toBe(true);
    expect(refused.data).toMatchObject({ status: 'refused' });
    expect(refused.data.reason).toMatch(/daily model budget is spent/);
    const metrics = (await request(app.server).get('/metrics').expect(200)).text;
    expect(metrics).toContain(`llm_tokens_total{agent="${SEAT}",direction="input"} 40000`);
    expect(metrics).toContain(`llm_cost_usd_total{agent="${SEAT}"} 0.2`);
    expect(metrics).toContain(`llm_budget_exhausted{agent="${SEAT}"} 1`);
  });

  // Outside CI a machine without Chromium skips this one; under CI=true a missing Chromium fails it.
  const inBrowser = process.env.CI === 'true' || existsSync(CHROMIUM) ? it : it.skip;
  inBrowser(
    'shows on the dashboard page: its activity row and the trader view’s agent pickers',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${baseUrl}/dashboard`);
        for (const selector of [
          `#activity-rows tr[data-agent="${SEAT}"]`,
          `#tv-agent option[value="${SEAT}"]`,
          `#tv-series option[value="${SEAT}"]`,
        ])
          await page.locator(selector).waitFor({ state: 'attached', timeout: 20_000 });
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it('goes idle again when the client leaves: no stand-in takes over', async () => {
    await seat?.leave();
    seat = undefined;
    expect(await agent()).toMatchObject({ state: 'paused', driver: 'none' });
    expect((await activity())?.connected).toBe(false);
  });
});

describe('an MCP seat declared on a portfolio that already runs', () => {
  it('starts empty, then the next drift check gives it a target and capital', async () => {
    const dataDir = join(temporaryDir('ct-seat-resume-'), 'data');
    const before = await TestApp.start(testConfig({ DATA_DIR: dataDir }));
    await before.advance(2);
    await before.close();

    const after = await TestApp.start(
      testConfig({
        DATA_DIR: dataDir,
        MCP_SEATS: `${SEAT}:strategist:floor=6:cap=12`,
        MCP_SEAT_TOKENS: `${SEAT}:${TOKEN}`,
      }),
    );
    try {
      const seatRow = async () =>
        (
          (await request(after.server).get('/portfolio-status').expect(200))
            .body as PortfolioStatusDto
        ).agents.find((a) => a.agentId === SEAT);
      expect(await seatRow()).toMatchObject({ targetPct: 0, equityUsd: 0 });
      await after.advance(4); // past a 15-minute drift check
      const funded = await seatRow();
      expect(funded?.targetPct).toBeGreaterThan(0);
      expect(funded?.targetPct).toBeLessThanOrEqual(12);
      expect(funded?.cashUsd).toBeGreaterThan(0);
    } finally {
      await after.close();
    }
  }, 60_000);
});
