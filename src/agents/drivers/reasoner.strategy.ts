import { randomUUID } from 'node:crypto';
import { createEnvelope, type MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import { mostVolatile } from '../market/volatility-ranking.js';
import type { ChatModel } from '../models/chat-model.js';
import { DiscussionReplies, symbolAskedAbout } from './discussion-replies.js';
import type { ReasonerRole } from './reasoner-role.js';
import { beatIfDue } from './heartbeat.js';
import { SingleFlight } from './single-flight.js';

export interface ReasonerOptions {
  /** Ticks between scheduled model calls (a thesis, or a risk note). */
  readonly everyTicks: number;
  readonly historyBars: number;
  /** At or above this a strategist's thesis also trades, and is republished even when unchanged. */
  readonly highConfidence: number;
}

/** Fewer bars than this and there is nothing worth asking a model about. */
const MIN_HISTORY_BARS = 24;
/** Roles that get the risk analyst's market-wide notes. */
const RISK_NOTE_AUDIENCE = ['hft', 'market-maker'];

/**
 * The driver of every LLM agent. A strategist proposes theses in rotation over its symbols and trades the
 * confident ones; a risk analyst challenges other agents' theses and sends market-wide risk notes. Both
 * answer discussions addressed to them. One model call at a time; a failed call rejects the returned
 * promise and the runtime decides what that means for the agent.
 */
export class ReasonerStrategy implements AgentDriver {
  private readonly options: ReasonerOptions;
  private readonly replies = new DiscussionReplies();
  private readonly calls = new SingleFlight();
  private readonly stances = new Map<string, Side | 'flat'>();
  private readonly lastChallenge = new Map<string, number>();
  private tick = -1;
  private rotation = 0;

  constructor(
    private readonly model: ChatModel,
    private readonly role: ReasonerRole,
    options: Partial<ReasonerOptions> = {},
  ) {
    this.options = { everyTicks: 20, historyBars: 96, highConfidence: 0.6, ...options };
  }

  onTick(_tick: MarketTick, context: AgentContext): Promise<void> | undefined {
    beatIfDue(++this.tick, context);
    if (this.tick % this.options.everyTicks !== 0) return undefined;
    return this.calls.tryRun(() =>
      this.role === 'strategist' ? this.proposeThesis(context) : this.publishRiskNote(context),
    );
  }

  onMessage(message: MessageEnvelope, context: AgentContext): Promise<void> | undefined {
    if (message.from === context.agentId) return undefined;
    if (this.replies.isQuestionFor(message, context)) {
      return this.calls.run(() => this.answer(message, context));
    }
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

  private async proposeThesis(context: AgentContext): Promise<void> {
    const symbol = context.symbols[this.rotation % context.symbols.length];
    const closes = this.closes(context, symbol);
    if (!symbol || closes.length < MIN_HISTORY_BARS) return;
    this.rotation += 1;
    const reasoning = await this.model.reason({ kind: 'thesis', symbol, closes });
    const stance = reasoning.side ?? 'flat';
    const confident = reasoning.confidence >= this.options.highConfidence;
    if (stance === this.stances.get(symbol) && !confident) return;
    const { side, confidence, text } = reasoning;
    const horizon = reasoning.horizon ?? '4h';
    const id = randomUUID();
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
        .filter(([, c]) => c.length >= MIN_HISTORY_BARS),
    );
    if (!symbol) return;
    const question = createEnvelope(
      {
        type: 'discussion',
        from: context.agentId,
        to: [context.agentId],
        symbol,
        text: `Standing risk check: how volatile is ${symbol}, the most volatile of my symbols, and how should short-horizon traders size?`,
      },
      context.now(),
    );
    const reasoning = await this.model.reason({
      kind: 'reply',
      discussion: question,
      closes: this.closes(context, symbol),
    });
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
    const reasoning = await this.model.reason({ kind: 'challenge', thesis, closes });
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
    const reasoning = await this.model.reason({
      kind: 'reply',
      discussion,
      closes: this.closes(context, symbol),
    });
    const { side, confidence, text } = reasoning;
    this.replies.reply(question, context, {
      ...(symbol ? { symbol } : {}),
      ...(side ? { side } : {}),
      confidence,
      text,
    });
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
