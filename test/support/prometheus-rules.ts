import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './test-config.js';

export const ALERT_RULES_FILE = join(REPO_ROOT, 'monitoring', 'alert-rules.yaml');
export const RULE_TESTS_DIR = join(REPO_ROOT, 'monitoring', 'tests');
/** The rules' runbook links point here; Cloud Build's `_RUNBOOK_BASE_URL` replaces it at deploy. */
export const DEFAULT_RUNBOOK_BASE_URL =
  'https://github.com/cloud-trader/cloud-trader/blob/main/docs';

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export interface RuleGroups {
  readonly groups: { readonly name: string; readonly rules: AlertingRule[] }[];
}

export function loadRuleGroups(): RuleGroups {
  return parse(readFileSync(ALERT_RULES_FILE, 'utf8')) as RuleGroups;
}

export function alertingRules(): AlertingRule[] {
  return loadRuleGroups().groups.flatMap((g) => g.rules);
}

/** A Prometheus duration such as `15m`, `1h30m` or `0s`, in milliseconds; absent = 0. */
export function durationMs(duration: string | undefined): number {
  if (duration === undefined) return 0;
  const units: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
  let total = 0;
  const rest = duration.replace(/(\d+)(ms|s|m|h|d|w)/g, (_, n: string, unit: string) => {
    total += Number(n) * units[unit];
    return '';
  });
  if (rest !== '') throw new Error(`not a Prometheus duration: ${duration}`);
  return total;
}
