/** An error the exchange answered with: HTTP status plus Aster's stable `code` (e.g. -2013). */
export class AsterApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'AsterApiError';
  }

  /** 503: the request may or may not have executed; only a query can tell. */
  get stateUnknown(): boolean {
    return this.status === 503;
  }
}

/** Refused locally without contacting the exchange (backing off after a 429, banned after a 418). */
export class AsterUnavailableError extends Error {
  constructor(
    readonly reason: 'rate-limited' | 'banned',
    message: string,
  ) {
    super(message);
    this.name = 'AsterUnavailableError';
  }
}

/** The connection failed: the request may or may not have reached the exchange. */
export class AsterTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AsterTransportError';
  }
}

export const NO_SUCH_ORDER = -2013;
