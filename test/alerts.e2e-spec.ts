import request from 'supertest';
import { SERVICE_ALERT_NAMES } from '../src/alerting/alert-definitions.js';
import { AlertMonitor } from '../src/alerting/alert-monitor.service.js';
import type { AlertsDto } from '../src/alerting/alerts.dto.js';
import { Clock } from '../src/platform/clock.js';
import { DomainEvents } from '../src/platform/domain-events.js';
import { createAlertSink } from '../src/trading/trading-venue.factory.js';
import { testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

describe('GET /alerts', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(testConfig());
    await app.advance(20);
    app.app.get(AlertMonitor).evaluate();
  });

  afterAll(() => app.close());

  it('lists the alerts it evaluates itself with state, severity, texts, labels and since when', async () => {
    const response = await request(app.server).get('/alerts');
    expect(response.status).toBe(200);
    const { alerts } = response.body as AlertsDto;
    expect([...new Set(alerts.map((a) => a.name))].sort()).toEqual([...SERVICE_ALERT_NAMES].sort());
    for (const alert of alerts) {
      expect(['inactive', 'pending', 'firing']).toContain(alert.state);
      expect(['info', 'warning', 'critical']).toContain(alert.severity);
      expect(alert.summary.length).toBeGreaterThan(0);
      expect(alert.description.length).toBeGreaterThan(0);
      expect(Object.keys(alert.labels).every((k) => k === 'agent')).toBe(true);
      if (alert.state === 'inactive') expect(alert.activeSince).toBeNull();
      else expect(Date.parse(alert.activeSince ?? '')).not.toBeNaN();
    }
    // A freshly started paper portfolio is neither halted nor failing to export.
    const halted = alerts.find((a) => a.name === 'TradingHalted');
    expect(halted?.state).toBe('inactive');
  });

  it('lists what the venue raised (an IP ban), newest first, with market and wall time', async () => {
    // The sink the Aster adapters raise through: a log line and a `trading.alert` domain event.
    const raise = createAlertSink(app.app.get(Clock), app.app.get(DomainEvents));
    raise('Aster answered 418: this IP is banned until 2021-05-01T02:00:00.000Z');
    raise('reconciliation: exchange holds 0.5 BTCUSDT, the book says 0.4');

    const response = await request(app.server).get('/alerts');
    const { venue } = response.body as AlertsDto;
    expect(venue.map((a) => [a.source, a.message])).toEqual([
      ['aster', 'reconciliation: exchange holds 0.5 BTCUSDT, the book says 0.4'],
      ['aster', 'Aster answered 418: this IP is banned until 2021-05-01T02:00:00.000Z'],
    ]);
    expect(venue[0].marketTime).toBe(new Date(app.app.get(Clock).now()).toISOString());
    expect(Date.parse(venue[0].raisedAt)).not.toBeNaN();
  });

  it('is documented in the OpenAPI description', async () => {
    const response = await request(app.server).get('/docs-json');
    const paths = (response.body as { paths: Record<string, unknown> }).paths;
    expect(paths['/alerts']).toBeDefined();
  });
});
