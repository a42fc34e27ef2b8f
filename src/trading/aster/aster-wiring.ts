import type { AppConfig } from '../../config/app-config.js';
import type { WallClock } from '../../platform/clock.js';
import type { MarketTimeline } from '../../platform/market-timeline.js';
import { ASTER_ENDPOINTS } from './aster-endpoints.js';
import { AsterHttpClient } from './aster-http.client.js';
import { AsterMarketRest } from './aster-market.rest.js';
import { AsterAccount } from './aster.account.js';
import { AsterBroker } from './aster.broker.js';
import { AsterFeed } from './aster.feed.js';
import type { AsterSigner } from './aster.signer.js';
import { addressOf, sameAddress } from './eip712.js';
import { Eip712Signer } from './eip712.signer.js';
import { HmacSigner } from './hmac.signer.js';
import { DEFAULT_RECONNECT } from './market-stream.js';
import { UserDataStream } from './user-data.stream.js';

/** Bars of history loaded before the first tick (8 hours of 5-minute bars, as the replay warms up). */
export const ASTER_WARMUP_BARS = 96;

export type AlertSink = (message: string) => void;

/**
 * The three live conditions, checked once more where the live broker is built: configuration
 * validation already refuses to start without them, and this keeps any other path to a live broker
 * shut too.
 */
export function liveTradingBlockers(config: AppConfig): string[] {
  const { paper, liveTradingConfirmed, aster, marketData } = config.trading;
  const blockers: string[] = [];
  if (paper) blockers.push('PAPER_TRADING is not false');
  if (!liveTradingConfirmed) blockers.push('LIVE_TRADING_CONFIRM is not yes');
  const v1 = Boolean(aster.apiKey && aster.secretKey);
  const v3 = Boolean(aster.user && aster.signer && aster.signerPrivateKey);
  if (!v1 && !v3)
    blockers.push('no Aster keys (V1 API key and secret, or V3 user, signer and key)');
  if (marketData !== 'aster')
    blockers.push('MARKET_DATA is not aster (live orders need live prices)');
  return blockers;
}

/** V3 (API wallet) when its keys are configured, else V1 (HMAC); none in paper mode. */
export function createAsterSigner(config: AppConfig, clock: WallClock): AsterSigner | undefined {
  if (config.trading.paper) return undefined;
  const { aster } = config.trading;
  if (aster.user && aster.signer && aster.signerPrivateKey) {
    if (!sameAddress(addressOf(aster.signerPrivateKey), aster.signer)) {
      throw new Error('ASTER_SIGNER_PRIVATE_KEY does not belong to ASTER_SIGNER');
    }
    return new Eip712Signer(
      { user: aster.user, signer: aster.signer, privateKey: aster.signerPrivateKey },
      clock,
      aster.chainId,
    );
  }
  if (aster.apiKey && aster.secretKey) return new HmacSigner(aster.apiKey, aster.secretKey, clock);
  return undefined;
}

export function createAsterHttp(
  config: AppConfig,
  clock: WallClock,
  alert: AlertSink,
): AsterHttpClient {
  return new AsterHttpClient(
    config.trading.aster.baseUrl,
    clock,
    { rateLimitBackoffMs: 1_000, onBanned: alert },
    createAsterSigner(config, clock),
  );
}

export function createAsterFeed(
  config: AppConfig,
  symbols: readonly string[],
  http: AsterHttpClient,
  timeline: MarketTimeline,
  clock: WallClock,
  onProblem: (message: string) => void,
): AsterFeed {
  return new AsterFeed(symbols, new AsterMarketRest(http), timeline, clock, {
    wsUrl: config.trading.aster.wsUrl,
    interval: config.trading.aster.klineInterval,
    warmupBars: ASTER_WARMUP_BARS,
    reconnect: DEFAULT_RECONNECT,
    onProblem,
  });
}

export function createAsterBroker(
  config: AppConfig,
  feed: AsterFeed,
  http: AsterHttpClient,
  clock: WallClock,
  alert: AlertSink,
): AsterBroker {
  const endpoints = ASTER_ENDPOINTS[http.apiVersion];
  return new AsterBroker(
    http,
    endpoints,
    feed,
    new AsterAccount(http, endpoints),
    new UserDataStream(http, endpoints, {
      wsUrl: config.trading.aster.wsUrl,
      keepAliveMs: 30 * 60_000,
      reconnectDelayMs: 1_000,
      onProblem: alert,
    }),
    clock,
    {
      maxAttempts: 4,
      fillTimeoutMs: 10_000,
      takerFeeBps: config.trading.paperFeeBps,
      onAlert: alert,
    },
  );
}
