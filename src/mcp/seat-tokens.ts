import { createHash, timingSafeEqual } from 'node:crypto';

export interface SeatToken {
  readonly agentId: string;
  readonly token: string;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Which roster agent a bearer token seats. Every candidate is compared in constant time, and all of
 * them are compared whatever matches, so neither a token's content nor its position leaks through timing.
 */
export class SeatTokens {
  private readonly seats: readonly { readonly agentId: string; readonly digest: Buffer }[];

  constructor(seats: readonly SeatToken[]) {
    this.seats = seats.map((s) => ({ agentId: s.agentId, digest: digest(s.token) }));
  }

  get size(): number {
    return this.seats.length;
  }

  /** The agent an `Authorization: Bearer …` header seats, or undefined. */
  agentFor(authorization: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const presented = digest(match[1]);
    let agentId: string | undefined;
    for (const seat of this.seats)
      if (timingSafeEqual(seat.digest, presented) && agentId === undefined) agentId = seat.agentId;
    return agentId;
  }
}
