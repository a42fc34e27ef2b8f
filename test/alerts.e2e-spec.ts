import request from 'supertest';
import { SERVICE_ALERT_NAMES } from '../src/alerting/alert-definitions.js';
import { AlertMonitor } from '../src/alerting/alert-monitor.service.js';
import type { AlertsDto } from '../src/alerting/alerts.dto.js';
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

  it('is documented in the OpenAPI description', async () => {
    const response = await request(app.server).get('/docs-json');
    const paths = (response.body as { paths: Record<string, unknown> }).paths;
    expect(paths['/alerts']).toBeDefined();
  });
});
