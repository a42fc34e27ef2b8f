import type { AsterKlineInterval } from '../../config/environment.dto.js';

export type KlineInterval = AsterKlineInterval;

export const KLINE_INTERVALS: Readonly<Record<KlineInterval, number>> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
};
