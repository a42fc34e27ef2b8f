import { Injectable } from '@nestjs/common';
import { WallClock } from '../platform/clock.js';
import { Timers } from '../platform/timers.js';
import { McpError, McpErrorCode } from './mcp.error.js';

/** How long a live order proposed over MCP waits for an operator before it lapses. */
export const CONFIRMATION_TIMEOUT_MS = 120_000;

export type ConfirmationAnswer = 'confirmed' | 'declined' | 'expired';

export interface PendingOrder {
  readonly id: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly confidence: number;
  readonly rationale?: string;
  /** Wall time, for the operator reading the list. */
  readonly requestedAt: string;
}

/**
 * Live trading: an order an outside model proposes goes to the exchange only after an operator
 * confirms it (`POST /admin/mcp/confirmations/{id}`); unanswered, it lapses.
 */
@Injectable()
export class OrderConfirmations {
  private readonly pending = new Map<
    string,
    { order: PendingOrder; answer: (a: ConfirmationAnswer) => void }
  >();

  constructor(
    private readonly timers: Timers,
    private readonly wallClock: WallClock,
  ) {}

  request(order: Omit<PendingOrder, 'requestedAt'>): Promise<ConfirmationAnswer> {
    return new Promise((resolve) => {
      const cancel = this.timers.after(CONFIRMATION_TIMEOUT_MS, () => answer('expired'));
      const answer = (a: ConfirmationAnswer) => {
        cancel();
        this.pending.delete(order.id);
        resolve(a);
      };
      const requestedAt = new Date(this.wallClock.now()).toISOString();
      this.pending.set(order.id, { order: { ...order, requestedAt }, answer });
    });
  }

  list(): PendingOrder[] {
    return [...this.pending.values()].map((p) => p.order);
  }

  answer(id: string, confirmed: boolean): PendingOrder {
    const entry = this.pending.get(id);
    if (!entry) throw new McpError(McpErrorCode.UnknownConfirmation, `no pending order "${id}"`);
    entry.answer(confirmed ? 'confirmed' : 'declined');
    return entry.order;
  }
}
