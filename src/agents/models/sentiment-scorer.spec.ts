import { MARKET_ASSETS } from '../market/candle-history.fixture.js';
import { HeadlineSource, type Headline } from './headline-source.js';
import { SentimentScorer } from './sentiment-scorer.js';

describe('SentimentScorer', () => {
  const scorer = new SentimentScorer();
  let headlines: Headline[];
  const byTitle = (start: string): Headline => {
    const found = headlines.find((h) => h.title.startsWith(start));
    if (!found) throw new Error(`no headline starting "${start}"`);
    return found;
  };

  beforeAll(async () => {
    headlines = await new HeadlineSource(
      `${MARKET_ASSETS}news_headlines_labeled_2022-05.csv`,
    ).read();
  });

  it('scores collapse and crash headlines as bearish', () => {
    expect(scorer.score(byTitle('LUNA Collapses Below $16'))).toBeLessThan(-0.5);
    expect(
      scorer.score(byTitle('Over $700 Million Liquidated as Terra (LUNA) Crashes')),
    ).toBeLessThan(-0.5);
    expect(
      scorer.assess(byTitle('Over $300 Million Liquidated in an Hour as Bitcoin Plunged')),
    ).toEqual({
      score: expect.any(Number) as unknown,
      symbol: 'BTCUSDT',
    });
  });

  it('scores rising and partnership headlines as bullish, on the right symbol', () => {
    const rises = scorer.assess(byTitle('Ethereum rises vs. Bitcoin despite crypto market rout'));
    expect(rises.score).toBeGreaterThan(0.5);
    expect(rises.symbol).toBe('ETHUSDT');
    expect(scorer.score(byTitle('Jack Henry Customers Now Have Bitcoin Access'))).toBeGreaterThan(
      0.3,
    );
  });

  it('keeps every score within [-1, 1] and leaves unrelated news neutral and market-wide', () => {
    for (const h of headlines) expect(Math.abs(scorer.score(h))).toBeLessThanOrEqual(1);
    const neutral = scorer.assess(byTitle('Staking via hardware crypto wallet'));
    expect(neutral.score).toBe(0);
    expect(neutral.symbol).toBeUndefined();
  });

  it('flips and damps a negated word, and strengthens an intensified one', () => {
    const plain = scorer.score({ title: 'Bitcoin will crash', text: '' });
    const negated = scorer.score({ title: "Bitcoin won't crash", text: '' });
    const intensified = scorer.score({
      title: 'Bitcoin will crash sharply, a very huge crash',
      text: '',
    });
    expect(plain).toBeLessThan(0);
    expect(negated).toBeGreaterThan(0);
    expect(negated).toBeLessThan(-plain);
    expect(intensified).toBeLessThan(plain);
  });

  it('maps coin names and tickers to symbols, the most mentioned winning', () => {
    expect(scorer.symbolOf({ title: 'Solana outage again', text: 'SOL holders wait' })).toBe(
      'SOLUSDT',
    );
    expect(scorer.symbolOf({ title: 'Ripple wins in court', text: '' })).toBe('XRPUSDT');
    expect(scorer.symbolOf({ title: 'Cardano upgrade', text: 'ADA and ether rise' })).toBe(
      'ADAUSDT',
    );
    expect(scorer.symbolOf({ title: 'Ether gas falls', text: 'bitcoin, btc, bitcoin' })).toBe(
      'BTCUSDT',
    );
    expect(
      scorer.symbolOf({ title: 'Terra founder speaks', text: 'LUNA holders' }),
    ).toBeUndefined();
  });
});
