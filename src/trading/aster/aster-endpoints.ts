import type { AsterApiVersion } from './aster.signer.js';

/** Signed endpoints differ between the versions (V1 mixes v1/v2 paths; V3 is all `/fapi/v3`). */
export interface AsterEndpoints {
  readonly order: string;
  readonly openOrders: string;
  readonly positionRisk: string;
  readonly listenKey: string;
}

export const ASTER_ENDPOINTS: Readonly<Record<AsterApiVersion, AsterEndpoints>> = {
  v1: {
    order: '/fapi/v1/order',
    openOrders: '/fapi/v1/openOrders',
    positionRisk: '/fapi/v2/positionRisk',
    listenKey: '/fapi/v1/listenKey',
  },
  v3: {
    order: '/fapi/v3/order',
    openOrders: '/fapi/v3/openOrders',
    positionRisk: '/fapi/v3/positionRisk',
    listenKey: '/fapi/v3/listenKey',
  },
};

/** Public market data (security type NONE) is the same for both versions. */
export const MARKET_PATHS = {
  exchangeInfo: '/fapi/v1/exchangeInfo',
  klines: '/fapi/v1/klines',
  bookTicker: '/fapi/v1/ticker/bookTicker',
} as const;

/** Request weights from the endpoint table; klines weigh by `limit`. */
export function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}
