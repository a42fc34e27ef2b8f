/**
 * The MCP transport spec's guard against DNS rebinding: a request that carries an `Origin` (a browser)
 * must come from an allowed origin. Requests without one come from programs, not web pages.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowed: readonly string[]) {
    this.allowed = new Set(allowed.map((o) => o.toLowerCase()));
  }

  allows(origin: string | undefined): boolean {
    return origin === undefined || this.allowed.has(origin.toLowerCase());
  }
}
