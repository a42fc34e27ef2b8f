import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MESSAGE_TYPES } from '../config/roster.js';
import type { BacktestReport } from './backtest-report.js';
import { num, pct, table, usd } from './report-text.js';

export interface SweepRow {
  readonly setting: Readonly<Record<string, string>>;
  readonly dataDir: string;
  readonly returnPct: number;
  readonly maxDrawdownPct: number;
  readonly sharpe: number | null;
  readonly trades: number;
  readonly feesUsd: number;
  /** Messages published on the bus, all types. */
  readonly messages: number;
}

export function sweepRow(setting: Readonly<Record<string, string>>, r: BacktestReport): SweepRow {
  return {
    setting,
    dataDir: r.dataDir,
    returnPct: r.portfolio.returnPct,
    maxDrawdownPct: r.portfolio.maxDrawdownPct,
    sharpe: r.portfolio.sharpe,
    trades: r.portfolio.trades,
    feesUsd: r.portfolio.feesUsd,
    messages: MESSAGE_TYPES.reduce((n, type) => n + r.coordinator.byType[type].published, 0),
  };
}

export function formatSweep(rows: readonly SweepRow[]): string {
  return table(
    ['setting', 'return', 'max DD', 'Sharpe', 'trades', 'fees USD', 'messages'],
    rows.map((r) => [
      Object.entries(r.setting)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      pct(r.returnPct),
      pct(r.maxDrawdownPct),
      num(r.sharpe),
      String(r.trades),
      usd(r.feesUsd),
      String(r.messages),
    ]),
  ).join('\n');
}

export interface SweepOptions {
  /** The command line without the sweep, `--json` and `--out`. */
  readonly baseArgv: readonly string[];
  readonly settings: readonly Readonly<Record<string, string>>[];
  /** Each setting's reports go to a numbered folder under it. */
  readonly outDir?: string;
  readonly script: string;
}

/**
 * Every setting as its own backtest process (`--json`), at most as many at once as the machine has
 * cores; rows come back in the settings' order whatever order the runs finish in.
 */
export async function runSweep(options: SweepOptions): Promise<SweepRow[]> {
  const rows: SweepRow[] = new Array<SweepRow>(options.settings.length);
  let next = 0;
  const worker = async () => {
    while (next < options.settings.length) {
      const index = next++;
      const setting = options.settings[index];
      const argv = [
        ...options.baseArgv,
        ...Object.entries(setting).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
        '--json',
        ...(options.outDir ? ['--out', join(options.outDir, `setting-${index + 1}`)] : []),
      ];
      rows[index] = sweepRow(setting, await childReport(options.script, argv));
    }
  };
  const lanes = Math.min(options.settings.length, availableParallelism());
  await Promise.all(Array.from({ length: lanes }, worker));
  return rows;
}

function childReport(script: string, argv: readonly string[]): Promise<BacktestReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new Error(`backtest ${argv.join(' ')} exited ${code}: ${stderr.trim().slice(-2000)}`),
        );
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as BacktestReport);
      } catch (error) {
        reject(new Error(`backtest ${argv.join(' ')} printed no JSON report: ${String(error)}`));
      }
    });
  });
}
