import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The bearer token admin endpoints require. When ADMIN_TOKEN is unset a random one is made at start and
 * logged once, so a laptop run is never left open.
 */
export class AdminToken {
  readonly generated: boolean;
  private readonly expected: Buffer;

  constructor(configured: string | undefined) {
    this.generated = configured === undefined;
    this.expected = Buffer.from(configured ?? randomBytes(24).toString('base64url'));
  }

  get value(): string {
    return this.expected.toString();
  }

  matches(presented: string): boolean {
    const candidate = Buffer.from(presented);
    return candidate.length === this.expected.length && timingSafeEqual(candidate, this.expected);
  }
}
