import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALERT_NAMES } from '../src/alerting/alert-definitions.js';
import type { AlertsDto } from '../src/alerting/alerts.dto.js';
import { ALERT_RULES_FILE } from './support/prometheus-rules.js';
import { PrometheusServer } from './support/prometheus-server.js';
import { freePort, MAIN, ServiceProcess } from './support/service-process.js';
import { REPO_ROOT, temporaryDir } from './support/test-config.js';

interface DashboardPanel {
  readonly title: string;
  readonly targets: { readonly expr: string }[];
}

/**
 * The real Prometheus scrapes the built service and evaluates monitoring/alert-rules.yaml as shipped.
 * The forced scenario: a drawdown limit of 1% trips the portfolio breaker within the first market hours
 * of the replay (1 ms per bar), so TradingHalted goes active within a few scrapes. (Throttling cannot be
 * forced by pace any more: every policy runs on market time.)
 */
describe('Prometheus against the running service', () => {
  let service: ServiceProcess;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    service = ServiceProcess.start(
      {
        DATA_DIR: join(temporaryDir(), 'data'),
        REPLAY_BAR_INTERVAL_MS: '1',
        MAX_DRAWDOWN_PCT: '1',
        LOG_LEVEL: 'ERROR',
      },
      await freePort(),
    );
    await service.ready();
    prometheus = PrometheusServer.start({
      port: await freePort(),
      target: `127.0.0.1:${service.port}`,
      ruleFiles: [ALERT_RULES_FILE],
    });
    await prometheus.ready();
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (service && service.child.exitCode === null) service.kill('SIGTERM');
    await service?.exited;
  });

  it('scrapes /metrics and reports the forced halt alert', async () => {
    const target = await prometheus.until(async () => {
      const [first] = await prometheus.targets();
      return first?.health === 'up' ? first : undefined;
    }, 20_000);
    expect(target.scrapeUrl).toBe(service.url('/metrics'));

    const alert = await prometheus.until(async () => {
      const alerts = await prometheus.alerts();
      return alerts.find((a) => a.labels.alertname === 'TradingHalted');
    }, 30_000);
    expect(['pending', 'firing']).toContain(alert.state);
    expect(alert.labels.severity).toBe('critical');
    expect(alert.annotations.summary).toBe('Trading is halted');

    // All six rules loaded and evaluate without error against the real series.
    const { groups } = await prometheus.api<{
      groups: { rules: { name: string; type: string; health: string; lastError?: string }[] }[];
    }>('/api/v1/rules');
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.name).sort()).toEqual([...ALERT_NAMES].sort());
    for (const rule of rules)
      expect({ rule: rule.name, health: rule.health }).toEqual({ rule: rule.name, health: 'ok' });
  }, 60_000);

  it('agrees with the service’s own evaluation at GET /alerts', async () => {
    const halted = await service.until(async () => {
      const { alerts } = await service.get<AlertsDto>('/alerts');
      const found = alerts.find((a) => a.name === 'TradingHalted');
      return found?.state === 'pending' || found?.state === 'firing' ? found : undefined;
    }, 30_000);
    expect(halted.activeSince).not.toBeNull();
    expect(halted.labels).toEqual({});
  }, 40_000);

  it('runs under load within the memory the Deployment requests', async () => {
    const deployment = parse(readFileSync(join(REPO_ROOT, 'k8s/deployment.yaml'), 'utf8')) as {
      spec: {
        template: { spec: { containers: { resources: { requests: { memory: string } } }[] } };
      };
    };
    const request = deployment.spec.template.spec.containers[0].resources.requests.memory;
    const match = /^(\d+)Mi$/.exec(request);
    expect(match).not.toBeNull();
    const { result } = await prometheus.query('max_over_time(process_resident_memory_bytes[5m])');
    const peakBytes = Number(result[0]?.value[1]);
    expect(peakBytes).toBeGreaterThan(0);
    expect(peakBytes).toBeLessThan(Number(match![1]) * 1024 * 1024);
  });

  it('answers every Grafana dashboard query with data', async () => {
    const dashboard = JSON.parse(
      readFileSync(join(REPO_ROOT, 'monitoring/grafana/cloud-trader-dashboard.json'), 'utf8'),
    ) as { panels: DashboardPanel[] };
    // Rates need two scrapes inside their window; the alert above already took longer than that.
    for (const panel of dashboard.panels) {
      for (const { expr: template } of panel.targets) {
        // Every service query is scoped by the dashboard's job and namespace variables.
        if (!template.startsWith('ALERTS'))
          expect({
            template,
            scoped: /job="\$job", namespace="\$namespace"/.test(template),
          }).toEqual({ template, scoped: true });
        const expr = template
          .replaceAll('$job', 'cloud-trader')
          .replaceAll('$namespace', 'trading');
        const result = await prometheus.until(async () => {
          const vector = await prometheus.query(expr);
          return vector.result.length > 0 ? vector : undefined;
        }, 15_000);
        expect({ panel: panel.title, series: result.result.length > 0 }).toEqual({
          panel: panel.title,
          series: true,
        });
      }
    }
  }, 60_000);
});
