import { createEnvelope, type MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import { mostVolatile } from '../market/volatility-ranking.js';
import type { ChatModel, Reasoning, ReasoningTask } from '../models/chat-model.js';
import { AgentBriefing } from './agent-briefing.js';
import { DiscussionReplies, symbolAskedAbout } from './discussion-replies.js';
import { unlessDropped } from './model-answer.js';
import type { ReasonerRole } from './reasoner-role.js';
import { barsIn, HOUR_MS, MINUTE_MS, TUNED_BAR_MS } from '../market/bar-time.js';
import { beatIfDue } from './heartbeat.js';
import { SingleFlight } from './single-flight.js';

export interface ReasonerOptions {
  /** Ticks between scheduled model calls (a thesis, or a risk note). */
  readonly everyTicks: number;
  readonly historyBars: number;
  /** At or above this a strategist's thesis also trades, and is republished even when unchanged. */
  readonly highConfidence: number;
}

/** Market time between scheduled model calls, history shown to the model, and the least worth asking about. */
const EVERY_MS = 100 * MINUTE_MS;
const HISTORY_MS = 8 * HOUR_MS;
const MIN_HISTORY_MS = 2 * HOUR_MS;
/** Roles that get the risk analyst's market-wide notes. */
const RISK_NOTE_AUDIENCE = ['hft', 'market-maker'];

/**
 * The driver of every LLM agent. A strategist proposes theses in rotation over its symbols and trades the
 * confident ones; a risk analyst challenges other agents' theses and sends market-wide risk notes. Both
 * answer discussions addressed to them. One model call at a time; a failed call rejects the returned
 * promise and the runtime decides what that means for the agent.
 */
export class ReasonerStrategy implements AgentDriver {
  private readonly given: Partial<ReasonerOptions>;
  /** Fixed by the first context: the lookbacks in bars of the data at hand. */
  private options: ReasonerOptions & { readonly minHistoryBars: number; readonly barMs: number };
  private readonly replies = new DiscussionReplies();
  private readonly briefing = new AgentBriefing();
  private readonly calls = new SingleFlight();
  private readonly stances = new Map<string, Side | 'flat'>();
  private readonly lastChallenge = new Map<string, number>();
  private readonly lastReview = new Map<string, number>();
  private tick = -1;
  private rotation = 0;

  constructor(
    private readonly model: ChatModel,
    private readonly role: ReasonerRole,
    options: Partial<ReasonerOptions> = {},
  ) {
    this.given = options;
    this.options = this.settled(TUNED_BAR_MS);
  }

  private settled(barMs: number): ReasonerStrategy['options'] {
    return {
      everyTicks: barsIn(EVERY_MS, barMs),
      historyBars: barsIn(HISTORY_MS, barMs, 24),
      highConfidence: 0.6,
      ...this.given,
      minHistoryBars: barsIn(MIN_HISTORY_MS, barMs, 6),
      barMs,
    };
  }

  private settle(context: AgentContext): void {
    if (this.options.barMs !== context.barMs) this.options = this.settled(context.barMs);
  }

  onTick(_tick: MarketTick, context: AgentContext): Promise<void> | undefined {
    this.settle(context);
    beatIfDue(++this.tick, context);
    if (this.tick % this.options.everyTicks !== 0) return undefined;
    return this.calls.tryRun(() =>
      this.role === 'strategist' ? this.proposeThesis(context) : this.publishRiskNote(context),
    );
  }

  onMessage(message: MessageEnvelope, context: AgentContext): Promise<void> | undefined {
    this.settle(context);
    if (message.from === context.agentId) return undefined;
    this.briefing.observe(message, context.agentId);
    if (this.replies.isQuestionFor(message, context)) {
      return this.calls.run(() => this.answer(message, context));
    }
    if (this.role === 'strategist') return this.reviewOn(message, context);
    if (
      this.role !== 'risk-analyst' ||
      message.type !== 'thesis' ||
      !this.dueForChallenge(message)
    ) {
      return undefined;
    }
    this.lastChallenge.set(challengeKey(message), this.tick);
    return this.calls.run(() => this.challenge(message, context));
  }

  /**
   * A teammate who takes the other side of our stance on one of our symbols is news: the strategist
   * reconsiders its thesis on that symbol, at most once per symbol per scheduling period and never while
   * a call is in flight. Only delivered messages get here, so the participation threshold decides which
   * disagreements cost a call.
   */
  private reviewOn(message: MessageEnvelope, context: AgentContext): Promise<void> | undefined {
    const { symbol, side } = message;
    if ((message.type !== 'thesis' && message.type !== 'signal') || !symbol || !side)
      return undefined;
    if (!context.symbols.includes(symbol) || !this.disagrees(symbol, side)) return undefined;
    const last = this.lastReview.get(symbol);
    if (last !== undefined && this.tick - last < this.options.everyTicks) return undefined;
    const review = this.calls.tryRun(() => this.proposeThesis(context, symbol));
    if (review) this.lastReview.set(symbol, this.tick);
    return review;
  }

  private async proposeThesis(context: AgentContext, reviewing?: string): Promise<void> {
    const symbol = reviewing ?? context.symbols[this.rotation % context.symbols.length];
    const closes = this.closes(context, symbol);
    if (!symbol || closes.length < this.options.minHistoryBars) return;
    if (!reviewing) this.rotation += 1;
    this.lastReview.set(symbol, this.tick);
    const reasoning = await this.ask({ kind: 'thesis', symbol, closes });
    if (!reasoning) return;
    const stance = reasoning.side ?? 'flat';
    const confident = reasoning.confidence >= this.options.highConfidence;
    if (stance === this.stances.get(symbol) && !confident) return;
    const { side, confidence, text } = reasoning;
    const horizon = reasoning.horizon ?? '4h';
    const id = context.newMessageId();
    const stanceFields = side
      ? { symbol, side, confidence, horizon, text }
      : { symbol, confidence, horizon, text };
    if (!context.publish({ type: 'thesis', id, ...stanceFields })) return;
    this.stances.set(symbol, stance);
    if (side && confident) context.publish({ type: 'signal', ...stanceFields, correlationId: id });
  }

  private async publishRiskNote(context: AgentContext): Promise<void> {
    const symbol = mostVolatile(
      context.symbols
        .map((s) => [s, this.closes(context, s)] as const)
        .filter(([, c]) => c.length >= this.options.minHistoryBars),
    );
    if (!symbol) return;
    const question = createEnvelope(
      {
        id: context.newMessageId(),
        type: 'discussion',
        from: context.agentId,
        to: [context.agentId],
        symbol,
        text: `Standing risk check: how volatile is ${symbol}, the most volatile of my symbols, and how should short-horizon traders size?`,
      },
      context.now(),
    );
    const reasoning = await this.ask({
      kind: 'reply',
      discussion: question,
      closes: this.closes(context, symbol),
    });
    if (!reasoning) return;
    this.replies.publish(context, {
      to: RISK_NOTE_AUDIENCE,
      symbol,
      confidence: reasoning.confidence,
      text: reasoning.text,
    });
  }

  private async challenge(thesis: MessageEnvelope, context: AgentContext): Promise<void> {
    const symbol = thesis.symbol ?? context.symbols[0];
    const closes = symbol ? this.closes(context, symbol) : [];
    const reasoning = await this.ask({ kind: 'challenge', thesis, closes });
    if (!reasoning) return;
    this.replies.publish(context, {
      to: [thesis.from],
      correlationId: thesis.id,
      ...(symbol ? { symbol } : {}),
      ...(reasoning.side ? { side: reasoning.side } : {}),
      confidence: reasoning.confidence,
      ...(reasoning.horizon ? { horizon: reasoning.horizon } : {}),
      text: reasoning.text,
    });
  }

  private async answer(question: MessageEnvelope, context: AgentContext): Promise<void> {
    const symbol = symbolAskedAbout(question, context);
    // The model sees which symbol the closes belong to even when the question named none.
    const discussion = !symbol || question.symbol === symbol ? question : { ...question, symbol };
    const reasoning = await this.ask({
      kind: 'reply',
      discussion,
      closes: this.closes(context, symbol),
    });
    if (!reasoning) return;
    const { side, confidence, text } = reasoning;
    this.replies.reply(question, context, {
      ...(symbol ? { symbol } : {}),
      ...(side ? { side } : {}),
      confidence,
      text,
    });
  }

  /** The model's answer with what the agent has been told; undefined when the call was dropped. */
  private ask(task: ReasoningTask): Promise<Reasoning | undefined> {
    return unlessDropped(
      this.model.reason({ ...task, briefing: this.briefing.current(), barMs: this.options.barMs }),
    );
  }

  /** The other side of a stance we published (no stance yet, or flat, is not a disagreement). */
  private disagrees(symbol: string, side: Side): boolean {
    const stance = this.stances.get(symbol);
    return stance !== undefined && stance !== 'flat' && stance !== side;
  }

  /** One challenge per author and symbol per scheduling period: a forecaster's steady stream is one view. */
  private dueForChallenge(thesis: MessageEnvelope): boolean {
    const last = this.lastChallenge.get(challengeKey(thesis));
    return last === undefined || this.tick - last >= this.options.everyTicks;
  }

  private closes(context: AgentContext, symbol: string | undefined): number[] {
    return symbol ? context.recent(symbol, this.options.historyBars).map((bar) => bar.close) : [];
  }
}

function challengeKey(thesis: MessageEnvelope): string {
  return `${thesis.from}|${thesis.symbol ?? '*'}`;
}
