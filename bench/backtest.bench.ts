import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestReport } from '../src/backtest/backtest-report.js';
import { runBacktest } from '../src/backtest/backtest-run.js';
import { SystemMonotonic } from '../src/platform/clock.js';
import { writeCandleSet } from '../test/support/candle-set.js';
import { temporaryDir } from '../test/support/test-config.js';
import { print, round } from './bench-result.js';

/**
 * 1-minute bars per symbol (× 5 symbols). The goal is a year, 525,600 bars (2.6 M
 * symbol-bars) in under 60 s: `BACKTEST_BENCH_BARS=525600`. The default keeps the suite to a couple of
 * minutes on a shared machine.
 */
const BARS = Number(process.env.BACKTEST_BENCH_BARS ?? 20_000);
/** Bars per run of the sweep comparison (four settings). */
const SWEEP_BARS = Number(process.env.BACKTEST_BENCH_SWEEP_BARS ?? 3_000);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'];
const HEADLINES_DIR = join(process.cwd(), 'assets', 'market');
const COMMAND = join(process.cwd(), 'dist', 'src', 'backtest', 'backtest-command.js');

interface TimedReport extends BacktestReport {
  /** CPU seconds of the whole process (all threads) for the run, start-up and report included. */
  readonly cpuSeconds: number;
}

async function backtestOnce(data: string, mcp: 'on' | 'off'): Promise<TimedReport> {
  const cpu = process.cpuUsage();
  const report = await runBacktest({
    settings: { MARKET_DATA_DIR: data, MCP_ENABLED: mcp === 'on' ? 'true' : 'false' },
  });
  const used = process.cpuUsage(cpu);
  rmSync(report.dataDir, { recursive: true, force: true });
  return { ...report, cpuSeconds: (used.user + used.system) / 1e6 };
}

const throughput = (r: BacktestReport) => (r.period.bars * SYMBOLS.length) / (r.wallMs / 1000);
/** On a shared machine the wall figure is the machine's share; CPU seconds are the code's. */
const perCpuSecond = (r: TimedReport) => (r.period.bars * SYMBOLS.length) / r.cpuSeconds;

/** Generated 1-minute bars of the five symbols, with trends that change every two hours. */
function generatedMarket(prefix: string, bars: number): string {
  return writeCandleSet(temporaryDir(prefix), {
    symbols: SYMBOLS,
    interval: '1m',
    bars,
    start: '2024-01-01T00:00:00Z',
    seed: 7,
    volatility: 0.002,
    trend: { everyBars: 120, maxDriftPerBar: 0.0002 },
    headlinesFrom: HEADLINES_DIR,
  }).dir;
}

/** Wall seconds of the CLI (start-up, run, report) with these arguments. */
function cli(args: readonly string[]): number {
  const monotonic = new SystemMonotonic();
  const started = monotonic.now();
  const run = spawnSync(process.execPath, [COMMAND, ...args, '--json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`backtest ${args.join(' ')} failed: ${run.stderr}`);
  return (monotonic.now() - started) / 1000;
}

/** `npm run bench -- backtest`: all six agents on local models over generated 1-minute bars. */
export async function runBacktestBench(): Promise<void> {
  const data = generatedMarket('ct-bench-backtest-', BARS);
  // MCP off (everyone gets everything) is the baseline, run alternately in the same process.
  const on = await backtestOnce(data, 'on');
  const off = await backtestOnce(data, 'off');
  print({
    name: 'backtest_1m_throughput',
    value: round(throughput(on)),
    unit: 'symbol-bars/s',
    baseline: round(throughput(off)),
    ratio: round(throughput(on) / throughput(off)),
    baselineSource: 'same run, --mcp off',
    symbolBars: on.period.bars * SYMBOLS.length,
    wallSeconds: round(on.wallMs / 1000),
    baselineWallSeconds: round(off.wallMs / 1000),
    yearSecondsAtThisRate: round((525_600 * SYMBOLS.length) / throughput(on)),
  });
  print({
    name: 'backtest_1m_symbol_bars_per_cpu_second',
    value: round(perCpuSecond(on)),
    unit: 'symbol-bars/CPU s',
    baseline: round(perCpuSecond(off)),
    ratio: round(perCpuSecond(on) / perCpuSecond(off)),
    baselineSource: 'same run, --mcp off',
    cpuSeconds: round(on.cpuSeconds),
    baselineCpuSeconds: round(off.cpuSeconds),
    yearCpuSecondsAtThisRate: round((525_600 * SYMBOLS.length) / perCpuSecond(on)),
  });

  const sweepData = generatedMarket('ct-bench-sweep-', SWEEP_BARS);
  const values = ['10', '20', '35', '50'];
  const key = 'MAX_SYMBOL_EXPOSURE_PCT';
  const sequential = values.reduce(
    (sum, v) => sum + cli(['--data', sweepData, '--set', `${key}=${v}`]),
    0,
  );
  const swept = cli(['--data', sweepData, '--sweep', `${key}=${values.join(',')}`]);
  print({
    name: 'backtest_sweep_4_settings',
    value: round(swept),
    unit: 's',
    baseline: round(sequential),
    ratio: round(sequential / swept),
    baselineSource: 'same run, the 4 settings one after another',
    symbolBarsPerRun: SWEEP_BARS * SYMBOLS.length,
  });
  rmSync(data, { recursive: true, force: true });
  rmSync(sweepData, { recursive: true, force: true });
}
