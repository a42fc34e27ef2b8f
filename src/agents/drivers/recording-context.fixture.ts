import {
  createEnvelope,
  type EnvelopeDraft,
  type MessageEnvelope,
} from '../../communication/message-envelope.js';
import { MessageIds } from '../../communication/message-ids.js';
import type { MessageType, Role } from '../../config/roster.js';
import type { Candle, MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDraft, AgentDriver } from '../agent-driver.js';
import { loadCandles } from '../market/candle-history.fixture.js';

export const BAR_MS = 5 * 60_000;

export interface RecordingContextOptions {
  readonly agentId: string;
  readonly role: Role;
  readonly symbols: readonly string[];
  /** Index of the first bar already in history when the replay starts (default 100). */
  readonly startBar?: number;
  /** Bars to replay instead of the May-2021 candles, with their bar length. */
  readonly candles?: ReadonlyMap<string, readonly Candle[]>;
  readonly barMs?: number;
}

/**
 * The same prices on 1-minute bars: each bar split into five whose closes step evenly from its open to
 * its close, so every fifth minute closes where the 5-minute bar did; the bar's low is traded in its
 * second minute and its high in its fourth.
 */
export function minuteBarsOf(bars: readonly Candle[]): Candle[] {
  const minutes: Candle[] = [];
  for (const bar of bars) {
    const step = (bar.close - bar.open) / 5;
    for (let i = 0; i < 5; i++) {
      const open = bar.open + i * step;
      const close = bar.open + (i + 1) * step;
      minutes.push({
        ...bar,
        openTime: bar.openTime + i * 60_000,
        open,
        close,
        high: i === 3 ? bar.high : Math.max(open, close),
        low: i === 1 ? bar.low : Math.min(open, close),
        volume: bar.volume / 5,
      });
    }
  }
  return minutes;
}

/**
 * Test fixture: a real, small AgentContext over the May-2021 candles. It replays bars one tick at a time
 * and keeps every message the agent publishes (the bus always accepts).
 */
export class RecordingContext implements AgentContext {
  readonly agentId: string;
  readonly role: Role;
  readonly symbols: readonly string[];
  readonly barMs: number;
  readonly published: MessageEnvelope[] = [];
  private readonly candles: ReadonlyMap<string, readonly Candle[]>;
  private cursor: number;
  private readonly ids = new MessageIds(1);

  constructor(options: RecordingContextOptions) {
    this.agentId = options.agentId;
    this.role = options.role;
    this.symbols = options.symbols;
    this.cursor = options.startBar ?? 100;
    this.barMs = options.barMs ?? BAR_MS;
    this.candles = options.candles ?? new Map(options.symbols.map((s) => [s, loadCandles(s)]));
  }

  now(): number {
    return this.bars(this.symbols[0] ?? '')[this.cursor].openTime + this.barMs;
  }

  newMessageId(): string {
    return this.ids.next(this.agentId);
  }

  publish(draft: AgentDraft): boolean {
    this.published.push(
      createEnvelope(
        { ...draft, id: draft.id ?? this.newMessageId(), from: this.agentId },
        this.now(),
      ),
    );
    return true;
  }

  recent(symbol: string, count: number): readonly Candle[] {
    return this.bars(symbol).slice(Math.max(0, this.cursor + 1 - count), this.cursor + 1);
  }

  /** Moves one bar on; the new bars of every symbol. */
  advance(): MarketTick {
    this.cursor += 1;
    return this.symbols.map((s) => this.bars(s)[this.cursor]);
  }

  /** Replays `ticks` bars through the driver, awaiting each tick. */
  async run(driver: AgentDriver, ticks: number): Promise<void> {
    for (let i = 0; i < ticks; i++) await driver.onTick(this.advance(), this);
  }

  /** A message from someone else, delivered to the driver; returns it. */
  async deliver(
    driver: AgentDriver,
    draft: Omit<EnvelopeDraft, 'id'> & { id?: string },
  ): Promise<MessageEnvelope> {
    const message = createEnvelope(
      { ...draft, id: draft.id ?? this.ids.next(draft.from) },
      this.now(),
    );
    await driver.onMessage(message, this);
    return message;
  }

  ofType(type: MessageType): MessageEnvelope[] {
    return this.published.filter((m) => m.type === type);
  }

  /** The replies to `question`. */
  repliesTo(question: MessageEnvelope): MessageEnvelope[] {
    return this.published.filter((m) => m.type === 'discussion' && m.correlationId === question.id);
  }

  private bars(symbol: string): readonly Candle[] {
    const bars = this.candles.get(symbol);
    if (!bars) throw new Error(`no candles for ${symbol}`);
    return bars;
  }
}
