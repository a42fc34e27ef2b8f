import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/config-error.js';
import {
  BACKTEST_USAGE,
  parseBacktestArgs,
  sweepSettings,
  type BacktestArgs,
} from './backtest-args.js';
import type { BacktestReport } from './backtest-report.js';
import { backtestConfig, runBacktest } from './backtest-run.js';
import { ProgressBar } from './progress-bar.js';
import { backtestReportHtml } from './report-html.js';
import { formatBacktestReport } from './report-text.js';
import { formatSweep, runSweep } from './sweep.js';

/** Exit status of bad flags or configuration, as for a shell builtin's misuse. */
const USAGE_ERROR = 2;

class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** `npm run backtest -- --data DIR …`: one run and its report, or a sweep and its comparison. */
async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseBacktestArgs(argv);
  if (!parsed.ok) throw new UsageError(parsed.problems);
  const { args } = parsed;
  if (args.help) {
    process.stdout.write(`${BACKTEST_USAGE}\n`);
    return;
  }
  if (args.sweeps.length > 0) await sweep(args, argv);
  else await single(args);
}

async function single(args: BacktestArgs): Promise<void> {
  const bar = process.stderr.isTTY ? new ProgressBar((t) => process.stderr.write(t)) : undefined;
  const report = await runBacktest({
    settings: args.env,
    onProgress: bar && ((bars, share) => bar.update(bars, share)),
  });
  bar?.finish();
  if (args.outDir) writeReports(args.outDir, report);
  process.stdout.write(
    args.json ? `${JSON.stringify(report)}\n` : `${formatBacktestReport(report)}\n`,
  );
}

function writeReports(dir: string, report: BacktestReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.txt'), `${formatBacktestReport(report)}\n`);
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.html'), backtestReportHtml(report));
}

async function sweep(args: BacktestArgs, argv: readonly string[]): Promise<void> {
  const settings = sweepSettings(args.sweeps);
  // Every setting is checked before any run starts: a typo fails in a second, not after a long run.
  for (const setting of settings) backtestConfig({ ...args.env, ...setting }, 'unused');
  const rows = await runSweep({
    baseArgv: withoutFlags(argv, ['--sweep', '--out', '--json']),
    settings,
    outDir: args.outDir,
    script: fileURLToPath(import.meta.url),
  });
  if (args.outDir) {
    mkdirSync(args.outDir, { recursive: true });
    writeFileSync(join(args.outDir, 'sweep.txt'), `${formatSweep(rows)}\n`);
    writeFileSync(join(args.outDir, 'sweep.json'), `${JSON.stringify(rows, null, 2)}\n`);
  }
  process.stdout.write(
    args.json ? `${JSON.stringify({ sweep: rows })}\n` : `${formatSweep(rows)}\n`,
  );
}

/** The command line less these flags (and their values, given apart or after `=`). */
function withoutFlags(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].split('=')[0];
    if (!flags.includes(flag)) out.push(argv[i]);
    else if (!argv[i].includes('=') && flag !== '--json') i++;
  }
  return out;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`${problem}\n`);
    process.exit(USAGE_ERROR);
  }
  process.stderr.write(
    `backtest failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
