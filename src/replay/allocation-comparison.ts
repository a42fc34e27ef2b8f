import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.js';
import { ALLOCATION_POLICIES } from '../config/environment.dto.js';
import type { EquityFigures } from './equity-curve.js';
import { countRebalances, exportedAllocations } from './rebalance-log.js';
import { REGIMES, writeRegimeCandles } from './regime-candles.js';
import { runReplay } from './replay-runner.js';

const USAGE = `npm run compare-allocation -- [--days N] [--regimes trend,chop,crash] [--month on|off] [--json]

Replays the bundled month and generated regimes (trend, chop, crash; --days each, default 14) through the
whole service twice, ALLOCATION_POLICY=performance and =static, and prints return, max drawdown at bar
closes, Sharpe and rebalances side by side (--json: one JSON object per run).`;

export interface ComparisonRow extends EquityFigures {
  readonly data: string;
  readonly policy: string;
  readonly rebalances: number;
}

async function runOne(data: string, dir: string, policy: string): Promise<ComparisonRow> {
  const config = loadConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cloud-trader-compare-')),
    MARKET_DATA: 'replay',
    MARKET_DATA_DIR: dir,
    ALLOCATION_POLICY: policy,
    // Every exported rebalance row stays for the count.
    LOCAL_RETENTION_DAYS: '3650',
    LOG_LEVEL: 'ERROR',
  });
  const report = await runReplay({ config });
  const rebalances = countRebalances(exportedAllocations(report.dataDir));
  return { data, policy, rebalances, ...report.equity };
}

function table(rows: readonly ComparisonRow[]): string {
  const lines = [
    '| data | allocation | return | max drawdown | Sharpe | rebalances |',
    '| ---- | ---------- | -----: | -----------: | -----: | ---------: |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.data} | ${r.policy} | ${r.returnPct.toFixed(2)} % | ${r.maxDrawdownPct.toFixed(2)} % | ${r.sharpe.toFixed(2)} | ${r.rebalances} |`,
    );
  return lines.join('\n');
}

/** `npm run compare-allocation`: performance-weighted vs static allocation, on the same data. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '14' },
      regimes: { type: 'string', default: REGIMES.join(',') },
      month: { type: 'string', default: 'on' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 2) throw new Error('--days must be an integer ≥ 2');
  const regimes = values.regimes.split(',').filter((r) => r !== '');
  for (const r of regimes)
    if (!(REGIMES as readonly string[]).includes(r)) throw new Error(`unknown regime: ${r}`);
  const bundled = loadConfig({ ...process.env, LOG_LEVEL: 'ERROR' }).trading.marketDataDir;
  const datasets: [string, string][] = values.month === 'on' ? [['bundled month', bundled]] : [];
  for (const regime of regimes as (typeof REGIMES)[number][]) {
    const dir = mkdtempSync(join(tmpdir(), `cloud-trader-${regime}-`));
    writeRegimeCandles(regime, dir, bundled, { days, seed: 7, startMs: Date.UTC(2024, 0, 1) });
    datasets.push([`${regime} (${days} d)`, dir]);
  }
  const rows: ComparisonRow[] = [];
  for (const [data, dir] of datasets)
    for (const policy of ALLOCATION_POLICIES) {
      const row = await runOne(data, dir, policy);
      rows.push(row);
      if (values.json) process.stdout.write(`${JSON.stringify(row)}\n`);
      else process.stderr.write(`${data}, ${policy}: done\n`);
    }
  if (!values.json) process.stdout.write(`${table(rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `comparison failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
