import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import type { Headline } from '../models/headline-source.js';
import type { SentimentScorer } from '../models/sentiment-scorer.js';
import { DiscussionReplies } from './discussion-replies.js';
import { beatIfDue } from './heartbeat.js';

export interface SentimentOptions {
  /** Ticks between two headlines. */
  readonly everyTicks: number;
  /** |score| at or above which a headline becomes a signal. */
  readonly threshold: number;
}

interface ScoredHeadline {
  readonly headline: Headline;
  readonly score: number;
  readonly symbol: string | undefined;
}

/** How many recent scores a reply summarises. */
const RECENT = 10;

/**
 * Reads one headline every few ticks (cycling through the list), scores it with the lexicon and trades
 * the strong ones: on the coin the headline is about, or on the agent's first symbol for market-wide news.
 */
export class SentimentStrategy implements AgentDriver {
  private readonly options: SentimentOptions;
  private readonly replies = new DiscussionReplies();
  private readonly recent: ScoredHeadline[] = [];
  private tick = -1;
  private next = 0;

  constructor(
    private readonly headlines: readonly Headline[],
    private readonly scorer: SentimentScorer,
    options: Partial<SentimentOptions> = {},
  ) {
    this.options = { everyTicks: 10, threshold: 0.5, ...options };
  }

  onTick(_tick: MarketTick, context: AgentContext): void {
    beatIfDue(++this.tick, context);
    if (this.tick % this.options.everyTicks !== 0 || this.headlines.length === 0) return;
    const headline = this.headlines[this.next];
    this.next = (this.next + 1) % this.headlines.length;
    const { score, symbol: about } = this.scorer.assess(headline);
    const symbol = about ?? context.symbols[0];
    this.remember({ headline, score, symbol });
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
        `lexicon sentiment ${signed(score)} on "${headline.title}" (${headline.source})` +
        `${about ? '' : ', market-wide news traded on ' + symbol}`,
    });
  }

  onMessage(message: MessageEnvelope, context: AgentContext): void {
    if (!this.replies.isQuestionFor(message, context)) return;
    const relevant = this.recent.filter((r) => !message.symbol || r.symbol === message.symbol);
    const mean = relevant.reduce((sum, r) => sum + r.score, 0) / Math.max(1, relevant.length);
    const last = relevant.at(-1);
    const text = last
      ? `lexicon sentiment over my last ${relevant.length} headline(s)${message.symbol ? ` on ${message.symbol}` : ''}: ` +
        `mean ${signed(mean)}; latest "${last.headline.title}" scored ${signed(last.score)}`
      : `no headline scored yet${message.symbol ? ` on ${message.symbol}` : ''}`;
    this.replies.reply(message, context, { text, ...(last ? { confidence: Math.abs(mean) } : {}) });
  }

  private remember(scored: ScoredHeadline): void {
    this.recent.push(scored);
    if (this.recent.length > RECENT) this.recent.shift();
  }
}

function signed(score: number): string {
  return `${score >= 0 ? '+' : ''}${score.toFixed(2)}`;
}
