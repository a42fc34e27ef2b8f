import type { MessageEnvelope } from '../../communication/message-envelope.js';
import { spanLabel, TUNED_BAR_MS } from '../market/bar-time.js';
import { describeReading, readMarket } from '../market/market-reading.js';
import { formatPrice } from '../market/number-format.js';
import type { Briefing, ReasoningTask } from './chat-model.js';

/** The roles a chat model plays. */
export type ChatRole = 'strategist' | 'risk-analyst' | 'sentiment';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

const ROLE_BRIEFS: Readonly<Record<ChatRole, string>> = {
  strategist:
    'You are the strategist of a team of crypto trading agents sharing one portfolio. You propose trade theses from market structure: a stance, a horizon and a rationale.',
  'risk-analyst':
    'You are the risk analyst of a team of crypto trading agents sharing one portfolio. You challenge theses that ignore volatility or drawdown and advise traders how to size.',
  sentiment:
    'You are a financial sentiment model (FinGPT-style) for a team of crypto trading agents. You read a news headline and say whether it is positive (long), negative (short) or neutral (flat) for the coin it concerns, and how strongly.',
};

const ANSWER_FORMAT =
  'Answer with one JSON object and nothing else: {"stance": "long" | "short" | "flat", "confidence": number from 0 to 1, ' +
  '"horizon": like "15m", "1h", "4h" or "1d", "rationale": at most three sentences}.';

/** Closes shown verbatim; the reading summarises the rest. */
const RECENT_CLOSES = 12;
const MAX_THESES = 5;

/**
 * The chat messages for one task: a system message with the role, the agent's latest guidance and the
 * answer format; a user message with the market context, the theses relevant to it and the question.
 * Built only from the task, so the same task is always the same request (the response cache relies on it).
 */
export function buildRolePrompt(role: ChatRole, task: ReasoningTask): ChatMessage[] {
  const system = [ROLE_BRIEFS[role], guidanceLines(task.briefing), ANSWER_FORMAT]
    .filter((part) => part !== '')
    .join('\n\n');
  const symbol = symbolOf(task);
  const user = [
    marketContext(symbol, task.closes, task.barMs),
    thesesLines(task.briefing, symbol),
    question(task),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** Asks again after an answer that did not match the format. */
export function correction(previous: string, problem: string): ChatMessage[] {
  return [
    { role: 'assistant', content: previous.slice(0, 2_000) },
    {
      role: 'user',
      content: `That answer was not usable (${problem}). ${ANSWER_FORMAT}`,
    },
  ];
}

function symbolOf(task: ReasoningTask): string | undefined {
  switch (task.kind) {
    case 'thesis':
      return task.symbol;
    case 'challenge':
      return task.thesis.symbol;
    case 'reply':
      return task.discussion.symbol;
    case 'sentiment':
      return task.symbol;
  }
}

function guidanceLines(briefing: Briefing | undefined): string {
  const text = briefing?.guidance?.text;
  return text ? `Your current guidance from the portfolio orchestrator: ${text}` : '';
}

function marketContext(
  symbol: string | undefined,
  closes: readonly number[],
  barMs = TUNED_BAR_MS,
): string {
  if (closes.length === 0) return `Market: no price history${symbol ? ` for ${symbol}` : ''}.`;
  const recent = closes.slice(-RECENT_CLOSES).map(formatPrice).join(', ');
  return (
    `Market${symbol ? ` ${symbol}` : ''}, ${spanLabel(barMs)} bars: ${describeReading(readMarket(closes, barMs))}; ` +
    `last ${Math.min(closes.length, RECENT_CLOSES)} closes: ${recent}.`
  );
}

function thesesLines(briefing: Briefing | undefined, symbol: string | undefined): string {
  const relevant = (briefing?.theses ?? [])
    .filter((t) => !symbol || !t.symbol || t.symbol === symbol)
    .slice(-MAX_THESES);
  if (relevant.length === 0) return '';
  return [
    'Theses from the team relevant to this:',
    ...relevant.map((t) => `- ${describeThesis(t)}`),
  ].join('\n');
}

function describeThesis(thesis: MessageEnvelope): string {
  const stance = thesis.side === 'buy' ? 'long' : thesis.side === 'sell' ? 'short' : 'flat';
  const confidence =
    thesis.confidence === undefined ? '' : `, confidence ${thesis.confidence.toFixed(2)}`;
  return `${thesis.from}: ${stance} ${thesis.symbol ?? 'market'}${confidence}, ${thesis.horizon ?? 'no horizon'}: ${(thesis.text ?? '').slice(0, 300)}`;
}

function question(task: ReasoningTask): string {
  switch (task.kind) {
    case 'thesis':
      return `Propose your thesis on ${task.symbol}.`;
    case 'challenge':
      return `Challenge this thesis; take the opposite stance only if the market contradicts it:\n- ${describeThesis(task.thesis)}`;
    case 'reply':
      return `${task.discussion.from} asks you: "${(task.discussion.text ?? '').slice(0, 500)}"`;
    case 'sentiment':
      return (
        `Headline (${task.headline.source}, ${new Date(task.headline.publishedAt).toISOString()}): "${task.headline.title}"` +
        (task.headline.text ? `\n${task.headline.text.slice(0, 600)}` : '')
      );
  }
}
