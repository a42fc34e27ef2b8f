import request from 'supertest';
import { type EnvelopeDraft } from '../src/communication/message-envelope.js';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import type { AppConfig } from '../src/config/app-config.js';
import { PortfolioMonitor } from '../src/orchestration/portfolio-monitor.service.js';
import type { BreakerDto, PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import type { AlertsDto } from '../src/alerting/alerts.dto.js';
import { pollUntil } from './support/poll.js';
import { testConfig, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const AUTH = `Bearer ${TEST_ADMIN_TOKEN}`;

/**
 * Breakers through the real application and HTTP: a drawdown breaker trips on the replayed market and
 * lets the agent only reduce; the admin halt stops every order; both survive a restart and clear only
 * through the admin endpoint.
 */
describe('drawdown breakers and the admin halt', () => {
  let config: AppConfig;
  let app: TestApp;

  afterEach(() => app.close());

  const signal = async (draft: Omit<EnvelopeDraft, 'type' | 'id'>) => {
    const message = testEnvelope({ type: 'signal', ...draft }, Date.now());
    app.coordinator.bus.publish(message);
    await app.coordinator.bus.whenIdle();
    await app.advance(1); // a paper market order fills at the next bar's open
    return message.id;
  };
  const orderOf = (signalId: string) =>
    app.app
      .get(SqliteConnection)
      .db.prepare('SELECT status FROM orders WHERE signal_id = ?')
      .get(signalId) as { status: string } | undefined;
  const status = async () =>
    (await request(app.server).get('/portfolio-status').expect(200)).body as PortfolioStatusDto;
  const breaker = async (id: string) => (await status()).breakers.find((b) => b.id === id);
  const restart = async () => {
    await app.close();
    app = await TestApp.start(config);
  };

  it('trips an agent breaker on drawdown, allows only reductions, and keeps it until an admin resets it', async () => {
    config = testConfig({
      MCP_ENABLED: 'false',
      AGENT_MAX_DRAWDOWN_PCT: '0.01',
      BREAKER_MODE: 'reduce-only',
    });
    app = await TestApp.start(config);
    await app.advance(1);
    expect(
      orderOf(await signal({ from: 'deepseek-v3', symbol: 'BTCUSDT', side: 'buy', confidence: 1 })),
    ).toEqual({
      status: 'filled',
    });
    let tripped: BreakerDto | undefined;
    for (let bar = 0; bar < 300 && !tripped; bar++) {
      await app.advance(1);
      app.app.get(PortfolioMonitor).tick();
      const b = await breaker('deepseek-v3');
      if (b?.state !== 'ok') tripped = b;
    }
    expect(tripped).toMatchObject({ id: 'deepseek-v3', state: 'reduce-only' });
    expect(tripped?.reason).toMatch(/drawdown .* reached the 0.01% limit/);

    expect(
      orderOf(await signal({ from: 'deepseek-v3', symbol: 'ETHUSDT', side: 'buy', confidence: 1 })),
    ).toBeUndefined();
    expect(
      orderOf(
        await signal({ from: 'deepseek-v3', symbol: 'BTCUSDT', side: 'sell', confidence: 1 }),
      ),
    ).toEqual({
      status: 'filled',
    });

    await restart();
    expect(await breaker('deepseek-v3')).toEqual(tripped);
    expect(
      orderOf(await signal({ from: 'deepseek-v3', symbol: 'ETHUSDT', side: 'buy', confidence: 1 })),
    ).toBeUndefined();

    await request(app.server).post('/admin/breakers/deepseek-v3/reset').expect(401);
    await request(app.server)
      .post('/admin/breakers/nobody/reset')
      .set('Authorization', AUTH)
      .expect(404);
    const reset = await request(app.server)
      .post('/admin/breakers/deepseek-v3/reset')
      .set('Authorization', AUTH)
      .expect(200);
    expect(reset.body).toEqual({ id: 'deepseek-v3', state: 'ok', reason: null, trippedAt: null });
    expect(
      orderOf(await signal({ from: 'deepseek-v3', symbol: 'ETHUSDT', side: 'buy', confidence: 1 })),
    ).toEqual({
      status: 'filled',
    });
  });

  it('warns past the warning level before the trip: status, metric and alert, per scope', async () => {
    config = testConfig({
      MCP_ENABLED: 'false',
      AGENT_MAX_DRAWDOWN_PCT: '50',
      AGENT_DRAWDOWN_WARNING_PCT: '0.01',
    });
    app = await TestApp.start(config);
    await app.advance(1);
    expect(
      orderOf(await signal({ from: 'deepseek-v3', symbol: 'BTCUSDT', side: 'buy', confidence: 1 })),
    ).toEqual({ status: 'filled' });
    let warned = false;
    for (let bar = 0; bar < 300 && !warned; bar++) {
      await app.advance(1);
      warned = (await status()).drawdownWarnings.includes('deepseek-v3');
    }
    expect(warned).toBe(true);
    expect(await breaker('deepseek-v3')).toMatchObject({ state: 'ok' });
    const metrics = await request(app.server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^portfolio_drawdown_warning\{breaker="deepseek-v3"\} 1$/m);
    expect(metrics.text).toMatch(/^portfolio_drawdown_warning\{breaker="portfolio"\} 0$/m);
    expect(metrics.text).toMatch(/^portfolio_drawdown_pct\{breaker="deepseek-v3"\} [0-9.e-]+$/m);
    const alert = await pollUntil(
      async () => {
        const { alerts } = (await request(app.server).get('/alerts').expect(200)).body as AlertsDto;
        return alerts.find(
          (a) =>
            a.name === 'DrawdownWarning' &&
            a.labels.agent === 'deepseek-v3' &&
            a.state === 'firing',
        );
      },
      20_000,
      250,
    );
    expect(alert).toMatchObject({ severity: 'warning' });
  });

  it('halts all trading on the admin’s word, through a restart, until the portfolio breaker is reset', async () => {
    config = testConfig({ MCP_ENABLED: 'false' });
    app = await TestApp.start(config);
    await app.advance(1);
    await request(app.server).post('/admin/halt').send({ reason: 'x' }).expect(401);
    const bad = await request(app.server)
      .post('/admin/halt')
      .set('Authorization', AUTH)
      .send({ reason: 3 })
      .expect(400);
    expect((bad.body as { fields: string[] }).fields).toEqual(['reason']);
    expect((await status()).halted).toBe(false);

    const halted = await request(app.server)
      .post('/admin/halt')
      .set('Authorization', AUTH)
      .send({ reason: 'exchange incident' })
      .expect(200);
    expect(halted.body).toMatchObject({
      id: 'portfolio',
      state: 'halted',
      reason: 'exchange incident',
    });
    expect((await status()).halted).toBe(true);
    const metrics = await request(app.server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^trading_halted 1$/m);
    expect(
      orderOf(await signal({ from: 'fingpt', symbol: 'ADAUSDT', side: 'buy', confidence: 1 })),
    ).toBeUndefined();

    await restart();
    expect((await status()).halted).toBe(true);
    expect(await breaker('portfolio')).toMatchObject({
      state: 'halted',
      reason: 'exchange incident',
    });
    expect(
      orderOf(await signal({ from: 'fingpt', symbol: 'ADAUSDT', side: 'buy', confidence: 1 })),
    ).toBeUndefined();

    await request(app.server)
      .post('/admin/breakers/portfolio/reset')
      .set('Authorization', AUTH)
      .expect(200);
    expect((await status()).halted).toBe(false);
    expect(
      orderOf(await signal({ from: 'fingpt', symbol: 'ADAUSDT', side: 'buy', confidence: 1 })),
    ).toEqual({
      status: 'filled',
    });
  });
});
