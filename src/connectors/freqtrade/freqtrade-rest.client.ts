import type { FreqtradeSettings } from '../../config/app-config.js';
import type { Timers } from '../../platform/timers.js';
import type { FreqtradeRequestOutcome } from './freqtrade-counters.js';
import { API, type FreqtradeTokens } from './freqtrade-protocol.js';

/** Told of every HTTP exchange with the bot, however it ended (the connector counts them). */
export type RequestObserver = (path: string, outcome: FreqtradeRequestOutcome) => void;

/** A REST call the bot refused or did not answer; `status` 0 = no answer (network, timeout). */
export class FreqtradeCallError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    detail: string,
  ) {
    super(`freqtrade ${path}: ${status === 0 ? detail : `HTTP ${status} ${detail}`}`);
  }
}

/**
 * Freqtrade's REST API with its JWT login: `POST /token/login` with HTTP Basic once, the access token as
 * bearer on every call, and on a 401 one `POST /token/refresh` with the refresh token (a new login when
 * that fails too) and one retry. Every call is abandoned after the configured timeout (monotonic timers).
 */
export class FreqtradeRestClient {
  /** The tokens in use, or the login/refresh under way: concurrent calls share one renewal. */
  private session: Promise<FreqtradeTokens> | undefined;

  constructor(
    private readonly settings: FreqtradeSettings,
    private readonly timers: Timers,
    private readonly observe: RequestObserver = () => undefined,
  ) {}

  /** The current access token, logging in first when there is none (the websocket accepts it). */
  async accessToken(): Promise<string> {
    return (await this.tokens()).access_token;
  }

  /** A new access token (the websocket refused the old one). */
  async renewAccess(): Promise<string> {
    await this.renew(await this.accessToken());
    return this.accessToken();
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: object): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: object): Promise<T> {
    const token = await this.accessToken();
    let response = await this.send(method, path, `Bearer ${token}`, body);
    if (response.status === 401) {
      await this.renew(token);
      response = await this.send(method, path, `Bearer ${await this.accessToken()}`, body);
    }
    return this.parse<T>(path, response);
  }

  private tokens(): Promise<FreqtradeTokens> {
    this.session ??= this.login();
    const session = this.session;
    session.catch(() => {
      if (this.session === session) this.session = undefined; // the next call logs in again
    });
    return session;
  }

  private async login(): Promise<FreqtradeTokens> {
    const basic = Buffer.from(`${this.settings.username}:${this.settings.password}`).toString(
      'base64',
    );
    const response = await this.send('POST', '/token/login', `Basic ${basic}`);
    return this.parse<FreqtradeTokens>('/token/login', response);
  }

  /**
   * Replaces the refused access token `stale` once, however many calls saw it refused: a new access
   * token from the refresh token, or a fresh login when that is refused too.
   */
  private async renew(stale: string): Promise<void> {
    const current = await this.tokens().catch(() => undefined);
    if (current !== undefined && current.access_token !== stale) return; // renewed already
    const refresh = current?.refresh_token;
    this.session = (async (): Promise<FreqtradeTokens> => {
      if (refresh !== undefined) {
        const response = await this.send('POST', '/token/refresh', `Bearer ${refresh}`);
        if (response.ok) {
          const renewed = await this.parse<FreqtradeTokens>('/token/refresh', response);
          return { access_token: renewed.access_token, refresh_token: refresh };
        }
      }
      return this.login();
    })();
    await this.tokens();
  }

  private async send(
    method: string,
    path: string,
    authorization: string,
    body?: object,
  ): Promise<Response> {
    const abort = new AbortController();
    const cancel = this.timers.after(this.settings.timeoutMs, () => abort.abort());
    try {
      const response = await fetch(`${this.settings.url}${API}${path}`, {
        method,
        headers: {
          Authorization: authorization,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
      });
      this.observe(path, outcomeOf(response.status));
      return response;
    } catch (error) {
      this.observe(path, 'unreachable');
      const detail = abort.signal.aborted
        ? `no answer within ${this.settings.timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      throw new FreqtradeCallError(path, 0, detail);
    } finally {
      cancel();
    }
  }

  private async parse<T>(path: string, response: Response): Promise<T> {
    const text = await response.text();
    if (!response.ok) throw new FreqtradeCallError(path, response.status, text.slice(0, 200));
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new FreqtradeCallError(path, response.status, 'the answer is not JSON');
    }
  }
}

function outcomeOf(status: number): FreqtradeRequestOutcome {
  if (status === 401) return 'unauthorized';
  return status >= 200 && status < 300 ? 'ok' : 'refused';
}
