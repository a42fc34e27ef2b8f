import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  ALERT_DEFINITIONS,
  ALERT_NAMES,
  SERVICE_ALERT_NAMES,
} from '../src/alerting/alert-definitions.js';
import {
  ALERT_RULES_FILE,
  DEFAULT_RUNBOOK_BASE_URL,
  alertingRules,
  durationMs,
  RULE_TESTS_DIR,
} from './support/prometheus-rules.js';
import { requireBinary } from './support/prometheus-server.js';
import { REPO_ROOT } from './support/test-config.js';

interface RuleTestFile {
  readonly tests: {
    readonly alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
  }[];
}

const ruleTestFiles = () =>
  readdirSync(RULE_TESTS_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => join(RULE_TESTS_DIR, f));

function promtool(...args: string[]) {
  const run = spawnSync(requireBinary('promtool'), args, { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the alert rules (monitoring/alert-rules.yaml)', () => {
  it('pass promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', ALERT_RULES_FILE);
    expect(output).toContain(`SUCCESS: ${ALERT_NAMES.length} rules found`);
    expect(status).toBe(0);
  });

  it('pass their promtool unit tests', () => {
    const files = ruleTestFiles();
    expect(files.length).toBeGreaterThan(0);
    const { status, output } = promtool('test', 'rules', ...files);
    expect(output).not.toContain('FAILED');
    expect(status).toBe(0);
  });

  it('are unit-tested for every alert both firing and silent', () => {
    const cases = ruleTestFiles().flatMap((file) =>
      (parse(readFileSync(file, 'utf8')) as RuleTestFile).tests.flatMap(
        (t) => t.alert_rule_test ?? [],
      ),
    );
    for (const name of ALERT_NAMES) {
      const own = cases.filter((c) => c.alertname === name);
      expect({ name, fires: own.some((c) => (c.exp_alerts ?? []).length > 0) }).toEqual({
        name,
        fires: true,
      });
      expect({ name, silent: own.some((c) => (c.exp_alerts ?? []).length === 0) }).toEqual({
        name,
        silent: true,
      });
    }
  });

  it('name every alert, each with a severity, summary, description and an absolute runbook link', () => {
    const rules = alertingRules();
    expect(rules.map((r) => r.alert).sort()).toEqual([...ALERT_NAMES].sort());
    const runbook = readFileSync(join(REPO_ROOT, 'docs', 'runbook.md'), 'utf8');
    for (const rule of rules) {
      expect(rule.labels.severity).toMatch(/^(info|warning|critical)$/);
      expect(rule.annotations.summary?.length).toBeGreaterThan(10);
      expect(rule.annotations.description?.length).toBeGreaterThan(30);
      expect(rule.annotations.runbook_url).toBe(
        `${DEFAULT_RUNBOOK_BASE_URL}/runbook.md#${rule.alert.toLowerCase()}`,
      );
      expect(runbook).toMatch(new RegExp(`^## ${rule.alert}$`, 'm'));
    }
  });

  it('hold the durations and severities the service evaluates at GET /alerts', () => {
    const rules = new Map(alertingRules().map((r) => [r.alert, r]));
    expect(ALERT_DEFINITIONS.map((d) => d.name).sort()).toEqual([...SERVICE_ALERT_NAMES].sort());
    for (const definition of ALERT_DEFINITIONS) {
      const rule = rules.get(definition.name);
      expect({
        name: definition.name,
        forMs: durationMs(rule?.for),
        severity: rule?.labels.severity,
      }).toEqual({ name: definition.name, forMs: definition.forMs, severity: definition.severity });
      // Per-agent alerts name the agent, which only a per-agent series can supply.
      expect(rule?.annotations.summary.includes('$labels.agent')).toBe(definition.perAgent);
    }
  });
});
