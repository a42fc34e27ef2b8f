import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';
import { describeReading, readMarket, type MarketReading } from '../market/market-reading.js';
import { percent, signedPercent } from '../market/number-format.js';
import { ChatModel, type Reasoning, type ReasoningTask } from './chat-model.js';
import type { Headline } from './headline-source.js';
import { SentimentScorer } from './sentiment-scorer.js';

/** Every text starts with this, so nobody mistakes the rules for a language model. */
export const LOCAL_REASONER_MARKER = '[rule-based LocalReasoner]';

/** Fewer bars than half the slow EMA's (24 five-minute bars) and the EMAs mean little. */
const enoughBars = (reading: MarketReading): boolean => reading.bars >= reading.slowBars / 2;

const clamp = (value: number, low: number, high: number): number =>
  Math.min(high, Math.max(low, value));
const sideOf = (trend: MarketReading['trend']): Side | undefined =>
  trend === 'up' ? 'buy' : trend === 'down' ? 'sell' : undefined;
const stanceWord = (side: Side | undefined): string =>
  side === 'buy' ? 'long' : side === 'sell' ? 'short' : 'flat';

/**
 * The ChatModel used when no LLM endpoint is configured: deterministic rules over the EMA12/EMA48 trend,
 * 12-bar momentum and the realised-volatility regime, with the numbers behind every conclusion in its text.
 */
export class LocalReasoner extends ChatModel {
  readonly kind = 'local' as const;
  private readonly scorer = new SentimentScorer();

  reason(task: ReasoningTask): Promise<Reasoning> {
    switch (task.kind) {
      case 'thesis':
        return Promise.resolve(this.thesis(task.symbol, readMarket(task.closes, task.barMs)));
      case 'challenge':
        return Promise.resolve(this.challenge(task.thesis, readMarket(task.closes, task.barMs)));
      case 'reply':
        return Promise.resolve(this.reply(task.discussion, readMarket(task.closes, task.barMs)));
      case 'sentiment':
        return Promise.resolve(this.sentiment(task.headline));
    }
  }

  private thesis(symbol: string, reading: MarketReading): Reasoning {
    if (!enoughBars(reading)) {
      return {
        confidence: 0.05,
        text: `${LOCAL_REASONER_MARKER} ${symbol}: only ${reading.bars} bars of history → no stance yet`,
      };
    }
    const side = sideOf(reading.trend);
    if (!side) {
      return {
        confidence: 0.2,
        horizon: '1h',
        text: `${LOCAL_REASONER_MARKER} ${symbol}: ${describeReading(reading)} → no clear trend, stand aside`,
      };
    }
    const { confidence, horizon } = trendConviction(reading);
    return {
      side,
      confidence,
      horizon,
      text:
        `${LOCAL_REASONER_MARKER} ${symbol}: ${describeReading(reading)} → ` +
        `${stanceWord(side)}, ${horizon}, confidence ${confidence.toFixed(2)}`,
    };
  }

  private challenge(thesis: MessageEnvelope, reading: MarketReading): Reasoning {
    const subject =
      `${thesis.from}'s ${stanceWord(thesis.side)} ${thesis.symbol ?? 'market'} thesis` +
      (thesis.confidence === undefined ? '' : ` (confidence ${thesis.confidence.toFixed(2)})`);
    const objections = objectionsTo(thesis, reading);
    const counterSide = objections.againstTrend ? sideOf(reading.trend) : undefined;
    const confidence =
      objections.list.length === 0 ? 0.2 : clamp(0.3 + 0.2 * objections.list.length, 0, 0.9);
    const verdict =
      objections.list.length === 0
        ? 'no objection'
        : `${objections.list.join('; ')} → size down or wait`;
    return {
      ...(counterSide ? { side: counterSide } : {}),
      confidence,
      horizon: thesis.horizon ?? '1h',
      text: `${LOCAL_REASONER_MARKER} challenge to ${subject}: ${verdict}. Reading: ${describeReading(reading)}`,
    };
  }

  /** The lexicon scorer, in the shape a sentiment model answers in. */
  private sentiment(headline: Headline): Reasoning {
    const { score } = this.scorer.assess(headline);
    return {
      ...(score > 0 ? { side: 'buy' as const } : score < 0 ? { side: 'sell' as const } : {}),
      confidence: Math.round(Math.min(1, Math.abs(score)) * 100) / 100,
      horizon: '1h',
      text: `${LOCAL_REASONER_MARKER} lexicon sentiment ${score.toFixed(2)} on "${headline.title}"`,
    };
  }

  private reply(discussion: MessageEnvelope, reading: MarketReading): Reasoning {
    const question = (discussion.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    const symbol =
      discussion.symbol ?? /\b[A-Z]{2,6}USDT\b/.exec(discussion.text ?? '')?.[0] ?? 'the market';
    if (reading.bars < 2) {
      return {
        confidence: 0.05,
        text: `${LOCAL_REASONER_MARKER} re "${question}": no price history for ${symbol} to answer from`,
      };
    }
    const side = enoughBars(reading) ? sideOf(reading.trend) : undefined;
    const { confidence } = side ? trendConviction(reading) : { confidence: 0.2 };
    const advice =
      reading.regime === 'high'
        ? `high volatility (${percent(reading.volatility)}/bar): widen spreads and size down`
        : reading.regime === 'calm'
          ? 'volatility calm: normal size is fine'
          : 'volatility normal: no extra caution';
    return {
      ...(side ? { side } : {}),
      confidence,
      text:
        `${LOCAL_REASONER_MARKER} re "${question}": ${symbol} ${describeReading(reading)} → ` +
        `${side ? `leaning ${stanceWord(side)}` : 'no clear trend'} (confidence ${confidence.toFixed(2)}); ${advice}`,
    };
  }
}

/** Conviction in the trend: the EMA gap in units of per-bar volatility, helped or hurt by momentum and regime. */
function trendConviction(reading: MarketReading): { confidence: number; horizon: string } {
  const strength = Math.abs(reading.trendGap) / Math.max(reading.volatility, 1e-4);
  const agrees = Math.sign(reading.momentum) === Math.sign(reading.trendGap);
  const momentumWeight =
    Math.abs(reading.momentum) > reading.volatility ? (agrees ? 0.1 : -0.15) : 0;
  const regimeWeight = reading.regime === 'high' ? -0.1 : 0;
  const confidence = clamp(
    0.35 + 0.2 * Math.min(strength, 2) + momentumWeight + regimeWeight,
    0.05,
    0.9,
  );
  return { confidence: Math.round(confidence * 100) / 100, horizon: strength >= 1 ? '4h' : '1h' };
}

function objectionsTo(
  thesis: MessageEnvelope,
  reading: MarketReading,
): { list: string[]; againstTrend: boolean } {
  const list: string[] = [];
  const direction = thesis.side === 'buy' ? 1 : thesis.side === 'sell' ? -1 : 0;
  if (reading.regime === 'high') list.push(`high volatility (${percent(reading.volatility)}/bar)`);
  if (direction !== 0 && direction * reading.momentum < -reading.volatility) {
    list.push(`stance against momentum(12) ${signedPercent(reading.momentum)}`);
  }
  const againstTrend =
    direction !== 0 && reading.trend !== 'none' && direction * reading.trendGap < 0;
  if (againstTrend) list.push(`against the EMA trend (${signedPercent(reading.trendGap)})`);
  if ((thesis.confidence ?? 0) >= 0.7 && reading.regime === 'high')
    list.push('confidence too high for this regime');
  return { list, againstTrend };
}
