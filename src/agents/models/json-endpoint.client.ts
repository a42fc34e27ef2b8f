import { SystemTimers, type Timers } from '../../platform/timers.js';
import type { AccessTokenSource } from './access-token-source.js';
import { ModelCallError } from './model-call.error.js';

export interface EndpointOptions {
  readonly url: string;
  /** Absent for a server that wants no Authorization header. */
  readonly tokens?: AccessTokenSource;
  readonly timeoutMs: number;
  /** First wait after a 429; doubled per retry. A Retry-After header wins. */
  readonly backoffMs: number;
  readonly rateLimitRetries: number;
  /** Waits between retries (real time). */
  readonly timers?: Timers;
}

/** Longest a Retry-After header may hold a call (the model never blocks the bus, but it holds the agent). */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * POSTs JSON to one model endpoint with a bearer token and returns the parsed response body. A call that
 * outlives `timeoutMs` is aborted; a 429 is retried after a growing wait, then given up; any other non-2xx
 * answer or network failure is an `http_error`.
 */
export class JsonEndpointClient {
  private readonly timers: Timers;

  constructor(private readonly options: EndpointOptions) {
    this.timers = options.timers ?? new SystemTimers();
  }

  get url(): string {
    return this.options.url;
  }

  async post(body: unknown): Promise<unknown> {
    const { rateLimitRetries, backoffMs } = this.options;
    for (let attempt = 0; ; attempt++) {
      const response = await this.send(body);
      if (response.status === 429 && attempt < rateLimitRetries) {
        await response.body?.cancel();
        await this.timers.sleep(retryAfterMs(response) ?? backoffMs * 2 ** attempt);
        continue;
      }
      if (response.status === 429) {
        throw new ModelCallError(
          'rate_limited',
          `${this.options.url}: 429 after ${attempt + 1} attempt(s)`,
        );
      }
      const text = await this.read(response);
      if (!response.ok) {
        throw new ModelCallError(
          'http_error',
          `${this.options.url}: HTTP ${response.status} ${text.slice(0, 200)}`,
        );
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ModelCallError('malformed', `${this.options.url}: response body is not JSON`);
      }
    }
  }

  private async send(body: unknown): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // Missing credentials fail this call, not the agent: the next call tries again.
    try {
      if (this.options.tokens)
        headers.authorization = `Bearer ${await this.options.tokens.token()}`;
      return await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw this.failure(error);
    }
  }

  private async read(response: Response): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.failure(error);
    }
  }

  private failure(error: unknown): ModelCallError {
    if (
      error instanceof DOMException &&
      (error.name === 'TimeoutError' || error.name === 'AbortError')
    ) {
      return new ModelCallError(
        'timeout',
        `${this.options.url}: no answer within ${this.options.timeoutMs} ms`,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ModelCallError('http_error', `${this.options.url}: ${message}`);
  }
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0
    ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS)
    : undefined;
}
