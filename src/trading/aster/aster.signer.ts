/** Request parameters in the order they are sent (and signed). */
export type Params = ReadonlyArray<readonly [string, string]>;

/** A request ready to send: the parameter string (signature last) and the headers it needs. */
export interface SignedRequest {
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type AsterApiVersion = 'v1' | 'v3';

/** `k=encodeURIComponent(v)` joined by `&`: what the official Node demo sends and signs. */
export function encodeParams(params: Params): string {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/**
 * Port: how TRADE / USER_DATA requests are authenticated. V1 signs with an API key's HMAC secret; V3
 * with an API wallet's EIP-712 signature. Each version also has its own endpoint paths.
 */
export abstract class AsterSigner {
  abstract readonly version: AsterApiVersion;
  abstract sign(params: Params): SignedRequest;
  /** Headers for USER_STREAM requests that need the key but no signature (V1 only). */
  abstract keyHeaders(): Readonly<Record<string, string>>;
}
