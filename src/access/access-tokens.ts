import { hash, timingSafeEqual } from 'node:crypto';
import { type AccessScope, type ApiTokenSetting } from '../config/api-tokens.js';

/** Who made a call: a token's name and scope, never its value. */
export interface Principal {
  readonly name: string;
  readonly scope: AccessScope;
}

/** What an Authorization header says about its caller. */
export type Credential =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'token'; readonly principal: Principal };

/** Exactly `Bearer <b64token>` (RFC 6750): one space, one token, nothing after it. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

const SCOPE_RANK: Readonly<Record<AccessScope, number>> = { read: 0, operator: 1, admin: 2 };

export function grants(held: AccessScope, required: AccessScope): boolean {
  return SCOPE_RANK[held] >= SCOPE_RANK[required];
}

interface HashedToken extends Principal {
  readonly digest: Buffer;
}

/**
 * The API's tokens, kept as SHA-256 digests. A presented token is hashed and compared with every
 * digest in constant time, so neither the value nor which entry matched shows in the timing.
 */
export class AccessTokens {
  private readonly tokens: readonly HashedToken[];

  constructor(settings: readonly ApiTokenSetting[]) {
    this.tokens = settings.map((t) => ({
      name: t.name,
      scope: t.scope,
      digest: Buffer.from(t.sha256, 'hex'),
    }));
  }

  get names(): readonly string[] {
    return this.tokens.map((t) => t.name);
  }

  identify(authorization: string | undefined): Credential {
    if (authorization === undefined) return { kind: 'none' };
    const match = BEARER.exec(authorization);
    if (!match) return { kind: 'malformed' };
    const presented = hash('sha256', match[1], 'buffer');
    let found: HashedToken | undefined;
    for (const token of this.tokens) {
      if (timingSafeEqual(presented, token.digest)) found ??= token;
    }
    return found
      ? { kind: 'token', principal: { name: found.name, scope: found.scope } }
      : { kind: 'unknown' };
  }
}
