import { createHmac } from 'node:crypto';
import type { WallClock } from '../../platform/clock.js';
import { AsterSigner, encodeParams, type Params, type SignedRequest } from './aster.signer.js';

export const DEFAULT_RECV_WINDOW_MS = 5_000;

export function hmacSignature(secretKey: string, payload: string): string {
  return createHmac('sha256', secretKey).update(payload).digest('hex');
}

/** V1 (legacy, Binance-compatible): HMAC-SHA256 of the parameter string, API key in `X-MBX-APIKEY`. */
export class HmacSigner extends AsterSigner {
  readonly version = 'v1' as const;

  constructor(
    private readonly apiKey: string,
    private readonly secretKey: string,
    private readonly clock: WallClock,
    private readonly recvWindowMs = DEFAULT_RECV_WINDOW_MS,
  ) {
    super();
  }

  sign(params: Params): SignedRequest {
    const query = encodeParams([
      ...params,
      ['recvWindow', String(this.recvWindowMs)],
      ['timestamp', String(this.clock.now())],
    ]);
    return {
      query: `${query}&signature=${hmacSignature(this.secretKey, query)}`,
      headers: this.keyHeaders(),
    };
  }

  keyHeaders(): Readonly<Record<string, string>> {
    return { 'X-MBX-APIKEY': this.apiKey };
  }
}
