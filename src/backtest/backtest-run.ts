import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { SYMBOLS } from '../config/roster.js';
import { runReplay } from '../replay/replay-runner.js';
import type { Candle } from '../trading/candle.js';
import { REPLAY_WARMUP_BARS, ReplayFeed } from '../trading/replay.feed.js';
import { buildBacktestReport, type BacktestReport } from './backtest-report.js';
import { RunRecordsRepository } from './run-records.repository.js';

/** The configuration of one backtest run: the flags' variables over the environment, a fresh DATA_DIR. */
export function backtestConfig(settings: Readonly<Record<string, string>>): AppConfig {
  return loadConfig({
    ...process.env,
    ...settings,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cloud-trader-backtest-')),
    MARKET_DATA: 'replay',
    LOG_LEVEL: 'ERROR',
  });
}

/** The candles the run replays, for the report's prices, benchmark and bar length. */
export function backtestCandles(config: AppConfig): Map<string, Candle[]> {
  return ReplayFeed.readSeries(config.trading.marketDataDir, SYMBOLS);
}

/** Bars the replay will step through (after the warm-up, up to REPLAY_TO), for the progress bar. */
export function barsToReplay(
  candles: ReadonlyMap<string, readonly Candle[]>,
  config: AppConfig,
): number {
  const series = [...candles.values()];
  const length = Math.min(...series.map((s) => s.length));
  const first = series[0] ?? [];
  const barMs = (first[1]?.openTime ?? 0) - (first[0]?.openTime ?? 0);
  const end = config.trading.replayToMs ?? Infinity;
  let bars = 0;
  for (let i = REPLAY_WARMUP_BARS; i < length && first[i].openTime + barMs <= end; i++) bars++;
  return bars;
}

export interface BacktestRunOptions {
  readonly settings: Readonly<Record<string, string>>;
  readonly onProgress?: (done: number, total: number) => void;
}

/** One backtest: the whole service over the data at CPU speed, then the report from what it stored. */
export async function runBacktest(options: BacktestRunOptions): Promise<BacktestReport> {
  const config = backtestConfig(options.settings);
  const candles = backtestCandles(config);
  const total = barsToReplay(candles, config);
  const replay = await runReplay({
    config,
    onProgress: options.onProgress && ((done) => options.onProgress?.(done, total)),
  });
  const records = new RunRecordsRepository(config.dataDir);
  try {
    const settings = Object.fromEntries(
      Object.entries(options.settings).filter(([key]) => key !== 'MARKET_DATA_DIR'),
    );
    return buildBacktestReport({
      replay,
      records,
      candles,
      marketDataDir: config.trading.marketDataDir,
      settings,
    });
  } finally {
    records.close();
  }
}
