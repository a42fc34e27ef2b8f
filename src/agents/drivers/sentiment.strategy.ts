import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import type { ChatModel } from '../models/chat-model.js';
import type { Headline } from '../models/headline-source.js';
import type { SentimentScorer } from '../models/sentiment-scorer.js';
import { barsIn, HOUR_MS } from '../market/bar-time.js';
import { AgentBriefing } from './agent-briefing.js';
import { DiscussionReplies } from './discussion-replies.js';
import { beatIfDue } from './heartbeat.js';
import { unlessDropped } from './model-answer.js';
import { SingleFlight } from './single-flight.js';

export interface SentimentOptions {
  /** |score| at or above which a headline becomes a signal. */
  readonly threshold: number;
  /** Market milliseconds after its publication during which a headline is still news. */
  readonly freshMs: number;
}

interface ScoredHeadline {
  readonly headline: Headline;
  readonly score: number;
  readonly symbol: string | undefined;
  /** The model's reason for the score; absent for the lexicon. */
  readonly rationale?: string;
}

/** The span of the coin's closes shown to the sentiment model as context (48 5-minute bars). */
const CONTEXT_MS = 4 * HOUR_MS;
/** How many recent scores a reply summarises. */
const RECENT = 10;

/**
 * Reads each headline at its own time, never before: a headline is visible once market time reaches its
 * publication, and is news for `freshMs` after it (one read per tick, oldest first; older ones, such as
 * those published before the run started, are history and are skipped). Each is read once; the list never
 * cycles. It scores the headline and trades the strong ones: on the coin the headline is about, or on the
 * agent's first symbol for market-wide news. The score comes from a FinGPT-style chat model when one is
 * configured (long/short × confidence), else from the lexicon; the lexicon still names the coin. With no
 * headline to read it stays quiet, and `quietReason` says why.
 */
export class SentimentStrategy implements AgentDriver {
  private readonly options: SentimentOptions;
  private readonly replies = new DiscussionReplies();
  private readonly recent: ScoredHeadline[] = [];
  private readonly briefing = new AgentBriefing();
  private readonly calls = new SingleFlight();
  private readonly headlines: readonly Headline[];
  private tick = -1;
  private next = 0;
  private quiet: string | undefined;

  constructor(
    headlines: readonly Headline[],
    private readonly scorer: SentimentScorer,
    options: Partial<SentimentOptions> = {},
    private readonly model?: ChatModel,
  ) {
    this.options = { threshold: 0.5, freshMs: 60 * 60_000, ...options };
    this.headlines = headlines
      .filter((h) => Number.isFinite(h.publishedAt))
      .sort((a, b) => a.publishedAt - b.publishedAt);
  }

  /** Why it sends no signal, while it has no headline to read; undefined once it reads one. */
  quietReason(): string | undefined {
    return this.quiet;
  }

  onTick(_tick: MarketTick, context: AgentContext): Promise<void> | undefined {
    beatIfDue(++this.tick, context);
    const headline = this.nextHeadline(context.now());
    if (!headline) return undefined;
    const { score, symbol: about } = this.scorer.assess(headline);
    const { model } = this;
    if (!model) {
      this.trade(context, { headline, score, symbol: about ?? context.symbols[0] }, about);
      return undefined;
    }
    return this.calls.tryRun(async () => {
      const symbol = about ?? context.symbols[0];
      const contextBars = barsIn(CONTEXT_MS, context.barMs, 2);
      const closes = symbol ? context.recent(symbol, contextBars).map((bar) => bar.close) : [];
      const reasoning = await unlessDropped(
        model.reason({
          kind: 'sentiment',
          headline,
          ...(symbol ? { symbol } : {}),
          closes,
          barMs: context.barMs,
          briefing: this.briefing.current(),
        }),
      );
      if (!reasoning) return;
      const direction = reasoning.side === 'buy' ? 1 : reasoning.side === 'sell' ? -1 : 0;
      const scored = Math.round(direction * reasoning.confidence * 100) / 100;
      this.trade(context, { headline, score: scored, symbol, rationale: reasoning.text }, about);
    });
  }

  /** The oldest headline that is news at `now`, marking it read; undefined (and why) when none is. */
  private nextHeadline(now: number): Headline | undefined {
    const { headlines } = this;
    while (
      this.next < headlines.length &&
      headlines[this.next].publishedAt < now - this.options.freshMs
    )
      this.next += 1;
    const headline = headlines[this.next];
    if (headline && headline.publishedAt <= now) {
      this.next += 1;
      this.quiet = undefined;
      return headline;
    }
    this.quiet ??= this.whyQuiet(now, headline);
    return undefined;
  }

  private whyQuiet(now: number, upcoming: Headline | undefined): string {
    const at = iso(now);
    if (this.headlines.length === 0) return `no headlines to read (market time ${at})`;
    const first = iso(this.headlines[0].publishedAt);
    const last = iso(this.headlines[this.headlines.length - 1].publishedAt);
    return upcoming
      ? `no headline yet: the next is published at ${iso(upcoming.publishedAt)} (market time ${at}; headlines cover ${first} to ${last})`
      : `no headlines for this period: they cover ${first} to ${last}, market time is ${at}`;
  }

  private trade(context: AgentContext, scored: ScoredHeadline, about: string | undefined): void {
    const { headline, score, symbol } = scored;
    this.remember(scored);
    // A coin the agent does not follow is not its to trade.
    if (Math.abs(score) < this.options.threshold || !symbol || !context.symbols.includes(symbol))
      return;
    context.publish({
      type: 'signal',
      symbol,
      side: score > 0 ? 'buy' : 'sell',
      confidence: Math.round(Math.min(1, 0.5 + Math.abs(score) / 2) * 100) / 100,
      horizon: '1h',
      text:
        `${this.source} sentiment ${signed(score)} on "${headline.title}" (${headline.source})` +
        `${about ? '' : ', market-wide news traded on ' + symbol}` +
        (scored.rationale ? `: ${scored.rationale}` : ''),
    });
  }

  onMessage(message: MessageEnvelope, context: AgentContext): void {
    this.briefing.observe(message, context.agentId);
    if (!this.replies.isQuestionFor(message, context)) return;
    const relevant = this.recent.filter((r) => !message.symbol || r.symbol === message.symbol);
    const mean = relevant.reduce((sum, r) => sum + r.score, 0) / Math.max(1, relevant.length);
    const last = relevant.at(-1);
    const text = last
      ? `${this.source} sentiment over my last ${relevant.length} headline(s)${message.symbol ? ` on ${message.symbol}` : ''}: ` +
        `mean ${signed(mean)}; latest "${last.headline.title}" scored ${signed(last.score)}`
      : `no headline scored yet${message.symbol ? ` on ${message.symbol}` : ''}`;
    this.replies.reply(message, context, { text, ...(last ? { confidence: Math.abs(mean) } : {}) });
  }

  private get source(): string {
    return this.model ? 'model' : 'lexicon';
  }

  private remember(scored: ScoredHeadline): void {
    this.recent.push(scored);
    if (this.recent.length > RECENT) this.recent.shift();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function signed(score: number): string {
  return `${score >= 0 ? '+' : ''}${score.toFixed(2)}`;
}
