import request from 'supertest';
import type { ActivityReportDto } from '../src/communication/agent-activity.dto.js';
import type { GuidanceDto } from '../src/orchestration/guidance.dto.js';
import type { AgentRolesDto, PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';
import { ACTIVITY_WINDOW_MS } from '../src/communication/agent-coordinator.service.js';

const AGENTS = ['freqtrade-hft', 'hummingbot-mm', 'deepseek-v3', 'qwen', 'fingpt', 'lag-llama'];
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  fields?: string[];
}
interface HealthBody {
  info: Record<string, { status: string }>;
}
interface OpenApiBody {
  paths: Record<string, Record<string, { security?: unknown }>>;
  components: { securitySchemes: Record<string, object> };
}

describe('HTTP API', () => {
  let app: TestApp;
  const config = testConfig();

  beforeAll(async () => {
    app = await TestApp.start(config);
    await app.advance(40);
  });

  afterAll(() => app.close());

  async function get<T>(path: string, status = 200): Promise<T> {
    const response = await request(app.server).get(path);
    expect(response.status).toBe(status);
    return response.body as T;
  }

  const thresholdOf = async (agentId: string) =>
    (await get<ActivityReportDto>('/agent-activity')).agents.find((a) => a.agentId === agentId)
      ?.participationThreshold;

  it('GET /portfolio-status gives the portfolio with every agent', async () => {
    const body = await get<PortfolioStatusDto>('/portfolio-status');
    expect(body).toMatchObject({ mode: 'paper', halted: false });
    for (const value of [body.equityUsd, body.cashUsd, body.drawdownPct])
      expect(typeof value).toBe('number');
    expect(Date.parse(body.updatedAt)).not.toBeNaN();
    expect(body.agents.map((a) => a.agentId)).toEqual(AGENTS);
    for (const agent of body.agents) {
      expect(Object.keys(agent)).toEqual(
        expect.arrayContaining([
          'agentId',
          'role',
          'allocationPct',
          'targetPct',
          'capitalUsd',
          'exposureUsd',
          'pnlUsd',
        ]),
      );
    }
    const targets = body.agents.reduce((sum, a) => sum + a.targetPct, 0);
    expect(targets).toBeCloseTo(90, 6); // 10% cash reserve
  });

  it('GET /agent-roles lists the six roles with their agents', async () => {
    const body = await get<AgentRolesDto>('/agent-roles');
    expect(body.roles).toHaveLength(6);
    expect(body.roles.find((r) => r.role === 'strategist')).toMatchObject({
      agents: ['deepseek-v3'],
      trades: true,
      defaultThreshold: 0.55,
      publishes: expect.arrayContaining(['thesis', 'signal']) as unknown,
    });
  });

  it('GET /agent/{id}/guidance gives the agent its role, capital, limits, threshold and instructions', async () => {
    const body = await get<GuidanceDto>('/agent/freqtrade-hft/guidance');
    expect(body).toMatchObject({
      agentId: 'freqtrade-hft',
      role: 'hft',
      participationThreshold: 0.6,
    });
    expect(body.capitalUsd).toBeGreaterThan(0);
    expect(body.limits.maxOrderUsd).toBeCloseTo(body.capitalUsd * 0.1, 6);
    expect(body.instructions.length).toBeGreaterThan(0);
    expect(Array.isArray(body.openPositions)).toBe(true);
    expect(Array.isArray(body.recentTheses)).toBe(true);
  });

  it('GET /agent/{id}/guidance for an unknown agent is a 404', async () => {
    const body = await get<ErrorBody>('/agent/nobody/guidance', 404);
    expect(body.message).toMatch(/unknown agent: nobody/);
  });

  it('GET /agent-activity gives per-agent counts and the coordinator’s ratios', async () => {
    const body = await get<ActivityReportDto>('/agent-activity');
    expect(body.agents.map((a) => a.agentId)).toEqual(AGENTS);
    // An agent with nothing to read for the period (fingpt without headlines of May 2021) stays
    // quiet and says why; every other agent has spoken.
    const statuses = await get<{ agents: { agentId: string; quiet?: string }[] }>('/agents');
    const quiet = new Set(statuses.agents.filter((a) => a.quiet).map((a) => a.agentId));
    for (const agent of body.agents) {
      for (const value of [
        agent.activityScore,
        agent.sent,
        agent.delivered,
        agent.throttled,
        agent.filtered,
      ]) {
        expect(typeof value).toBe('number');
      }
      if (!quiet.has(agent.agentId)) expect(agent.sent).toBeGreaterThan(0);
    }
    expect(body.windowSeconds).toBe(ACTIVITY_WINDOW_MS / 1000);
    expect(body.messageReduction).toBeGreaterThan(0);
    expect(body.throttledSignalRatio).toBeGreaterThanOrEqual(0);
  });

  describe('POST /set-participation-threshold/{agent_id}', () => {
    const post = (agent: string, body?: object, headers: Record<string, string> = admin) => {
      const req = request(app.server).post(`/set-participation-threshold/${agent}`).set(headers);
      return body === undefined ? req : req.send(body);
    };

    it.each([
      ['1.5', { threshold: 1.5 }, /at most 1/],
      ['-0.1', { threshold: -0.1 }, /at least 0/],
      ['"abc"', { threshold: 'abc' }, /must be a number/],
      ['null', { threshold: null }, /threshold is required/],
      ['an empty object', {}, /threshold is required/],
    ])('refuses a threshold of %s with a 400 naming the field', async (_label, body, message) => {
      const response = await post('qwen', body);
      expect(response.status).toBe(400);
      const error = response.body as ErrorBody;
      expect(error.fields).toEqual(['threshold']);
      expect([error.message].flat().join(' ')).toMatch(message);
      expect(await thresholdOf('qwen')).toBe(0.55);
    });

    it('refuses a missing body with a 400 naming the field', async () => {
      const response = await post('qwen');
      expect(response.status).toBe(400);
      expect((response.body as ErrorBody).fields).toEqual(['threshold']);
    });

    it('refuses a body that is not JSON with a 400', async () => {
      const response = await request(app.server)
        .post('/set-participation-threshold/qwen')
        .set({ ...admin, 'Content-Type': 'application/json' })
        .send('{"threshold": ');
      expect(response.status).toBe(400);
      expect(await thresholdOf('qwen')).toBe(0.55);
    });

    it('refuses unknown fields with a 400', async () => {
      const response = await post('qwen', { threshold: 0.4, admin: true });
      expect(response.status).toBe(400);
      expect((response.body as ErrorBody).fields).toEqual(['admin']);
    });

    it('refuses a missing or wrong token with a 401', async () => {
      expect((await post('qwen', { threshold: 0.4 }, {})).status).toBe(401);
      expect(
        (await post('qwen', { threshold: 0.4 }, { Authorization: 'Bearer wrong' })).status,
      ).toBe(401);
      expect(
        (await post('qwen', { threshold: 0.4 }, { Authorization: TEST_ADMIN_TOKEN })).status,
      ).toBe(401);
      expect(await thresholdOf('qwen')).toBe(0.55);
    });

    it('gives a 404 for an unknown agent, and for the orchestrator', async () => {
      expect((await post('nobody', { threshold: 0.4 })).status).toBe(404);
      expect((await post('orchestrator', { threshold: 0.4 })).status).toBe(404);
    });

    it('applies a valid change: in the answer, in /agent-activity, in the metric, and after a restart', async () => {
      const response = await post('fingpt', { threshold: 0.42 });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ agentId: 'fingpt', threshold: 0.42, autoTuneBand: 0 });
      expect(await thresholdOf('fingpt')).toBe(0.42);
      const metrics = await request(app.server).get('/metrics');
      expect(metrics.text).toContain('participation_threshold{agent="fingpt"} 0.42');

      await app.close();
      app = await TestApp.start(config);
      expect(await thresholdOf('fingpt')).toBe(0.42);
    });
  });

  it('GET /metrics exposes the four seed metrics for all six agents, and process metrics', async () => {
    const { status, text, headers } = await request(app.server).get('/metrics');
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/text\/plain/);
    const seed = [
      'agent_activity_score',
      'participation_threshold',
      'communication_throttles_total',
      'portfolio_allocation_pct',
    ];
    for (const metric of seed) {
      for (const agent of AGENTS)
        expect(text).toMatch(new RegExp(`^${metric}\\{agent="${agent}"\\} [-0-9.e+]+$`, 'm'));
    }
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^bus_messages_total\{type="signal",outcome="published"\} /m);
    expect(text).toMatch(/^bus_messages_total\{type="signal",outcome="coalesced"\} /m);
    expect(text).toMatch(/^bus_delivery_latency_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    expect(text).toMatch(/^agent_participation_floor\{agent="qwen"\} 0\.1$/m);
    expect(text).toMatch(/^agent_participation_below_floor\{agent="qwen"\} [01]$/m);
    expect(text).toMatch(/^# TYPE bus_delivery_latency_seconds histogram$/m);
  });

  it('GET /healthz and /readyz answer', async () => {
    await get<HealthBody>('/healthz');
    const ready = await get<HealthBody>('/readyz');
    expect(ready.info).toMatchObject({
      sqlite: { status: 'up' },
      storage: { status: 'up' },
      lifecycle: { status: 'up' },
    });
  });

  it('serves Swagger UI at /docs and an OpenAPI document listing every endpoint', async () => {
    const ui = await request(app.server).get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
    const body = await get<OpenApiBody>('/docs-json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/portfolio-status',
        '/agent-roles',
        '/agent/{id}/guidance',
        '/agent-activity',
        '/set-participation-threshold/{agent_id}',
        '/agents',
        '/healthz',
        '/readyz',
        '/metrics',
      ]),
    );
    expect(body.paths['/set-participation-threshold/{agent_id}'].post.security).toEqual([
      { operator: [] },
    ]);
    expect(body.paths['/agent-activity'].get.security).toEqual([{ read: [] }]);
    expect(body.paths['/audit'].get.security).toEqual([{ admin: [] }]);
    expect(body.paths['/healthz'].get.security).toBeUndefined();
    const schemes = (body as { components: { securitySchemes: Record<string, object> } }).components
      .securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(['admin', 'operator', 'read']);
    for (const scheme of Object.values(schemes))
      expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' });
  });
});
