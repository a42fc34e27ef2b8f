import type { Role } from '../config/roster.js';
import type { EnvelopeDraft, MessageEnvelope } from '../communication/message-envelope.js';
import type { Candle, MarketTick } from '../trading/candle.js';

export type AgentDraft = Omit<EnvelopeDraft, 'from' | 'id'> & { readonly id?: string };

/** What a driver may do and see. The runtime builds one per agent; drivers never touch the bus directly. */
export interface AgentContext {
  readonly agentId: string;
  readonly role: Role;
  readonly symbols: readonly string[];
  /** The bar length of the market data: lookbacks are stated in market time and converted with it. */
  readonly barMs: number;
  /** Market time. */
  now(): number;
  /** The id the agent's next message will get if it names none (to correlate replies with it). */
  newMessageId(): string;
  /**
   * Sends a message as this agent; `from` is filled in, and `id` when absent. Returns false when the bus
   * refused it (throttled).
   */
  publish(draft: AgentDraft): boolean;
  /** Up to `count` most recent bars of a symbol, oldest first. */
  recent(symbol: string, count: number): readonly Candle[];
}

/**
 * The behaviour of one agent. `onTick` runs on every market step; `onMessage` for every message the
 * coordinator delivers to the agent (one at a time: the next waits until a returned promise settles).
 */
export interface AgentDriver {
  onTick(tick: MarketTick, context: AgentContext): void | Promise<void>;
  onMessage(message: MessageEnvelope, context: AgentContext): void | Promise<void>;
  /** Why the agent stays quiet while it runs (nothing to read for this period, say); undefined when it is not. */
  quietReason?(): string | undefined;
}
