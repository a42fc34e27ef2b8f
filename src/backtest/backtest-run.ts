import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { runReplay } from '../replay/replay-runner.js';
import type { MarketTick } from '../trading/candle.js';
import { buildBacktestReport, type BacktestReport } from './backtest-report.js';
import { lastBarOpenMs } from './data-end.js';
import { MarketTape } from './market-tape.js';
import { RunRecordsRepository } from './run-records.repository.js';

/** The configuration of one backtest run: the flags' variables over the environment, a fresh DATA_DIR. */
export function backtestConfig(
  settings: Readonly<Record<string, string>>,
  dataDir = mkdtempSync(join(tmpdir(), 'cloud-trader-backtest-')),
): AppConfig {
  return loadConfig({
    ...process.env,
    // The run's database is a fresh folder of its own: no backups of it unless a flag asks.
    BACKUP_INTERVAL: '0',
    ...settings,
    DATA_DIR: dataDir,
    MARKET_DATA: 'replay',
    LOG_LEVEL: 'ERROR',
  });
}

export interface BacktestRunOptions {
  readonly settings: Readonly<Record<string, string>>;
  /** Bars done, and the share of the run's market time behind them (0–1). */
  readonly onProgress?: (bars: number, share: number) => void;
}

/** Reports how far through the data's market time each bar is. */
function progressOf(config: AppConfig, tape: MarketTape, report: BacktestRunOptions['onProgress']) {
  const lastOpen = lastBarOpenMs(config.trading.marketDataDir);
  return (tick: MarketTick) => {
    if (!report || tick.length === 0) return;
    const barMs = tape.barMs(0);
    const start = tape.openTimes[0];
    const end = Math.min(config.trading.replayToMs ?? Infinity, (lastOpen ?? NaN) + barMs);
    const close = tick[0].openTime + barMs;
    report(tape.openTimes.length, end > start ? (close - start) / (end - start) : NaN);
  };
}

/** One backtest: the whole service over the data at CPU speed, then the report from what it stored. */
export async function runBacktest(options: BacktestRunOptions): Promise<BacktestReport> {
  const config = backtestConfig(options.settings);
  const tape = new MarketTape();
  const progress = progressOf(config, tape, options.onProgress);
  const replay = await runReplay({
    config,
    onTick: (tick) => {
      tape.record(tick);
      progress(tick);
    },
  });
  const records = new RunRecordsRepository(config.dataDir);
  try {
    return buildBacktestReport({
      replay,
      records,
      tape,
      marketDataDir: config.trading.marketDataDir,
      settings: Object.fromEntries(
        Object.entries(options.settings).filter(([key]) => key !== 'MARKET_DATA_DIR'),
      ),
    });
  } finally {
    records.close();
  }
}
