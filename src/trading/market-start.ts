import type { AppConfig } from '../config/app-config.js';
import { SYMBOLS } from '../config/roster.js';
import { readCandleFile } from './candle-file.js';
import { ReplayFeed } from './replay.feed.js';
import { SIMULATION_START_MS } from './simulated.feed.js';

/**
 * Market time before the first bar, known before anything is built, so every policy starts its
 * windows there: the close of the replay's warm-up, the simulation's start, or — live — the
 * exchange's now, which the wall clock stands for until the first bar closes.
 */
export function marketStartTime(config: AppConfig, wallNowMs: number): number {
  const { marketData, marketDataDir } = config.trading;
  switch (marketData) {
    case 'replay':
      return ReplayFeed.startTime(
        new Map([[SYMBOLS[0], readCandleFile(marketDataDir, SYMBOLS[0])]]),
      );
    case 'simulated':
      return SIMULATION_START_MS;
    case 'aster':
      return wallNowMs;
    default:
      throw new Error(`unknown MARKET_DATA: ${String(marketData satisfies never)}`);
  }
}
