import type { WallClock } from '../../platform/clock.js';
import { AsterApiError, AsterTransportError, AsterUnavailableError } from './aster.error.js';
import {
  encodeParams,
  type AsterApiVersion,
  type AsterSigner,
  type Params,
} from './aster.signer.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** NONE: public; KEY: API key only (V1 USER_STREAM); SIGNED: TRADE and USER_DATA. */
export type Security = 'none' | 'key' | 'signed';

export interface RequestWeights {
  /** Weight the exchange reports used in the current minute (`X-MBX-USED-WEIGHT-1M`). */
  readonly usedWeight1m: number;
  /** Weight of the requests this process sent, by our own count of the documented weights. */
  readonly sentWeight: number;
  readonly requests: number;
  readonly rateLimited: number;
}

export interface AsterHttpOptions {
  /** Pause after a 429 without a `Retry-After` header. */
  readonly rateLimitBackoffMs: number;
  /**
   * REQUEST_WEIGHT per minute (exchangeInfo's documented example is 2400). When the exchange reports
   * 95 % of it used, nothing more is sent until the next minute: better than earning a 429.
   */
  readonly weightLimitPerMinute?: number;
  /** Called once when a 418 bans this IP: trading must stop and an operator must look. */
  readonly onBanned?: (message: string) => void;
}

export type HttpState = 'ok' | 'backing-off' | 'banned';

/**
 * REST access to Aster: signs what must be signed, counts request weights, backs off after a 429
 * (every request fails fast until the pause is over) and stops for good after a 418 ban, because
 * sending more during a ban lengthens it.
 */
export class AsterHttpClient {
  private backoffUntil = 0;
  private bannedBy: string | undefined;
  private counts = { usedWeight1m: 0, sentWeight: 0, requests: 0, rateLimited: 0 };

  constructor(
    private readonly baseUrl: string,
    private readonly clock: WallClock,
    private readonly options: AsterHttpOptions,
    private readonly signer?: AsterSigner,
  ) {}

  /** Which endpoint family signed requests use; V1 when there is no signer (public data only). */
  get apiVersion(): AsterApiVersion {
    return this.signer?.version ?? 'v1';
  }

  /** V1 opens the user stream with the API key alone; V3 signs it with the API wallet. */
  get keyOnlyUserStream(): boolean {
    return this.signer?.version === 'v1';
  }

  get weights(): RequestWeights {
    return { ...this.counts };
  }

  get state(): HttpState {
    if (this.bannedBy) return 'banned';
    return this.clock.now() < this.backoffUntil ? 'backing-off' : 'ok';
  }

  /** Milliseconds until requests may be sent again (0 when they may). */
  get backoffRemainingMs(): number {
    return Math.max(0, this.backoffUntil - this.clock.now());
  }

  async request<T>(
    method: HttpMethod,
    path: string,
    params: Params,
    security: Security,
    weight: number,
  ): Promise<T> {
    this.assertMaySend();
    let query = encodeParams(params);
    let headers: Record<string, string> = {};
    if (security !== 'none') {
      if (!this.signer) throw new Error(`${path} needs Aster credentials`);
      if (security === 'signed') {
        const signed = this.signer.sign(params);
        query = signed.query;
        headers = { ...signed.headers };
      } else {
        headers = { ...this.signer.keyHeaders() };
      }
    }
    const inBody = method === 'POST' || method === 'PUT';
    const url = `${this.baseUrl}${path}${!inBody && query ? `?${query}` : ''}`;
    if (inBody) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    this.counts.requests += 1;
    this.counts.sentWeight += weight;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, body: inBody ? query : undefined });
      text = await response.text();
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new AsterTransportError(
        `${method} ${path}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
      );
    }
    this.readWeight(response.headers);
    if (response.ok) return (text ? JSON.parse(text) : {}) as T;
    throw this.failure(response, text, `${method} ${path}`);
  }

  private assertMaySend(): void {
    if (this.bannedBy) throw new AsterUnavailableError('banned', this.bannedBy);
    const remaining = this.backoffRemainingMs;
    if (remaining > 0) {
      throw new AsterUnavailableError(
        'rate-limited',
        `backing off (HTTP 429 or request weight near the limit) for another ${remaining} ms`,
      );
    }
  }

  private readWeight(headers: Headers): void {
    const used = headers.get('x-mbx-used-weight-1m');
    if (used === null || !Number.isFinite(Number(used))) return;
    this.counts.usedWeight1m = Number(used);
    const limit = this.options.weightLimitPerMinute ?? 2_400;
    if (this.counts.usedWeight1m >= limit * 0.95) {
      const now = this.clock.now();
      this.backoffUntil = Math.max(this.backoffUntil, now - (now % 60_000) + 60_000);
    }
  }

  private failure(response: Response, text: string, what: string): Error {
    let code: number | undefined;
    let msg = text.slice(0, 200);
    try {
      const body = JSON.parse(text) as { code?: number; msg?: string };
      code = body.code;
      msg = body.msg ?? msg;
    } catch {
      // not JSON (a WAF page, a proxy): keep the text
    }
    const message = `${what}: HTTP ${response.status}${code !== undefined ? ` ${code}` : ''} ${msg}`;
    if (response.status === 429) {
      this.counts.rateLimited += 1;
      const retryAfterS = Number(response.headers.get('retry-after'));
      const pause =
        Number.isFinite(retryAfterS) && retryAfterS > 0
          ? retryAfterS * 1000
          : this.options.rateLimitBackoffMs;
      this.backoffUntil = this.clock.now() + pause;
    } else if (response.status === 418) {
      this.bannedBy = `IP banned by Aster (HTTP 418), trading stopped: ${message}`;
      this.options.onBanned?.(this.bannedBy);
    }
    return new AsterApiError(response.status, code, message);
  }
}
