import type { Headline } from './headline-source.js';

/**
 * Word → polarity weight, by explicit word form rather than stem: "ban" must not match "bank".
 * Written as weight → words so the list reads as a table.
 */
const LEXICON: ReadonlyMap<string, number> = new Map(
  (
    [
      [2, 'surge surges surged soar soars soared skyrocket skyrockets'],
      [1.5, 'rally rallies rallied breakout bullish rebound rebounds'],
      [1, 'bull bulls gain gains gained jump jumps jumped rise rises rising rose climb climbs'],
      [1, 'recover recovers recovery adopt adopts adoption approve approves approved approval'],
      [1, 'partnership boost boosts bolster upgrade optimism optimistic bright growth'],
      [1, 'profit profits win wins praises'],
      [0.5, 'launch launches inflows support supports record defend bottom raises'],
      [-0.5, 'below lower down risk risks outflows retracing'],
      [-1, 'bear bears drop drops dropped fall falls fell decline declines declined slide slides'],
      [-1, 'sink sinks lows lowest loss losses loses losing struggle struggles struggling'],
      [-1, 'fined charged accused halt halts stops warning warned warns backlash bubble'],
      [-1, 'downside outages'],
      [-1.5, 'tumble tumbles tumbled slump slumps dive dives rout bearish fear fears attack'],
      [-1.5, 'stolen lawsuit sue sues ban bans banned crackdown liquidation liquidations peril'],
      [-1.5, 'selloff dump dumps crumbles halves unpegged'],
      [-2, 'crash crashes crashed collapse collapses collapsed plunge plunges plunged'],
      [-2, 'capitulation contagion depeg depegs panic hack hacked exploit fraud fraudulent'],
      [-2, 'scam bankrupt bankruptcy implosion'],
    ] as const
  ).flatMap(([weight, words]) => words.split(' ').map((word) => [word, weight] as const)),
);
const NEGATIONS = new Set(['not', 'no', 'never', 'without', 'nor', 'cannot']);
const INTENSIFIERS = new Set(
  'very sharply massive huge heavily deeply extremely biggest entire'.split(' '),
);
const NEGATION_SCOPE = 3;
const TITLE_WEIGHT = 2;

const SYMBOL_WORDS: Readonly<Record<string, string>> = {
  bitcoin: 'BTCUSDT',
  btc: 'BTCUSDT',
  ethereum: 'ETHUSDT',
  eth: 'ETHUSDT',
  ether: 'ETHUSDT',
  solana: 'SOLUSDT',
  sol: 'SOLUSDT',
  xrp: 'XRPUSDT',
  ripple: 'XRPUSDT',
  cardano: 'ADAUSDT',
  ada: 'ADAUSDT',
};

export interface HeadlineSentiment {
  /** −1 (very bearish) … 1 (very bullish). */
  readonly score: number;
  /** The symbol the headline is about; undefined when it is market-wide. */
  readonly symbol?: string;
}

/** A small finance lexicon with negation and intensity: FinGPT's job done with a word list. */
export class SentimentScorer {
  assess(headline: Pick<Headline, 'title' | 'text'>): HeadlineSentiment {
    const symbol = this.symbolOf(headline);
    return { score: this.score(headline), ...(symbol ? { symbol } : {}) };
  }

  score(headline: Pick<Headline, 'title' | 'text'>): number {
    const raw = TITLE_WEIGHT * polarity(tokens(headline.title)) + polarity(tokens(headline.text));
    return Math.tanh(raw / 3);
  }

  /** The most-mentioned symbol (title mentions count double); ties go to the first mentioned. */
  symbolOf(headline: Pick<Headline, 'title' | 'text'>): string | undefined {
    const mentions = new Map<string, number>();
    const count = (words: readonly string[], weight: number): void => {
      for (const word of words) {
        const symbol = SYMBOL_WORDS[word];
        if (symbol) mentions.set(symbol, (mentions.get(symbol) ?? 0) + weight);
      }
    };
    count(tokens(headline.title), TITLE_WEIGHT);
    count(tokens(headline.text), 1);
    let best: string | undefined;
    for (const [symbol, n] of mentions)
      if (best === undefined || n > (mentions.get(best) ?? 0)) best = symbol;
    return best;
  }
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/sell-offs?/g, 'selloff')
    .replace(/de-peg/g, 'depeg')
    .split(/[^a-z0-9']+/)
    .filter((t) => t.length > 0);
}

function polarity(words: readonly string[]): number {
  let total = 0;
  let negatedUntil = -1;
  let intensifiedUntil = -1;
  words.forEach((word, i) => {
    if (NEGATIONS.has(word) || word.endsWith("n't")) negatedUntil = i + NEGATION_SCOPE;
    else if (INTENSIFIERS.has(word)) intensifiedUntil = i + 2;
    const weight = LEXICON.get(word);
    if (weight === undefined) return;
    const negation = i <= negatedUntil ? -0.5 : 1;
    const intensity = i <= intensifiedUntil ? 1.5 : 1;
    total += weight * negation * intensity;
  });
  return total;
}
