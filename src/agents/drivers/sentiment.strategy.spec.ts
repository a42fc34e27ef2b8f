import { MARKET_ASSETS } from '../market/candle-history.fixture.js';
import { HeadlineSource, type Headline } from '../models/headline-source.js';
import { SentimentScorer } from '../models/sentiment-scorer.js';
import { SentimentStrategy } from './sentiment.strategy.js';
import { RecordingContext } from './recording-context.fixture.js';

const ALL = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'];
const sentimentContext = (symbols = ALL) =>
  new RecordingContext({ agentId: 'fingpt', role: 'sentiment', symbols });

describe('SentimentStrategy', () => {
  let headlines: Headline[];
  beforeAll(async () => {
    headlines = await new HeadlineSource(
      `${MARKET_ASSETS}news_headlines_labeled_2022-05.csv`,
    ).read();
  });

  it('turns strong headlines into signals on the coin they are about, quoting the headline', async () => {
    const context = sentimentContext();
    await context.run(new SentimentStrategy(headlines, new SentimentScorer()), 60);
    const signals = context.ofType('signal');
    expect(signals.length).toBeGreaterThan(0);
    expect(signals[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'sell', horizon: '1h' });
    expect(signals[0].text).toMatch(
      /^lexicon sentiment -0\.\d\d on "NVIDIA Fined .*" \(CryptoPotato\), market-wide news traded on BTCUSDT$/,
    );
    for (const s of signals) expect(s.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('reads each headline in turn and cycles when it runs out', async () => {
    const few = headlines.filter((h) => /Plunge|Collapses/.test(h.title)).slice(0, 2);
    const context = sentimentContext();
    await context.run(new SentimentStrategy(few, new SentimentScorer(), { everyTicks: 5 }), 20);
    const titles = context.ofType('signal').map((s) => /"(.*)"/.exec(s.text ?? '')?.[1]);
    expect(titles).toEqual([few[0].title, few[1].title, few[0].title, few[1].title]);
    expect(context.ofType('signal').every((s) => s.side === 'sell')).toBe(true);
  });

  it('uses the coin named in the headline, and skips a coin it does not follow', async () => {
    const eth = headlines.find((h) => h.title.startsWith('Ethereum rises vs. Bitcoin'));
    if (!eth) throw new Error('headline missing');
    const follows = sentimentContext();
    await follows.run(new SentimentStrategy([eth], new SentimentScorer()), 1);
    expect(follows.ofType('signal')[0]).toMatchObject({ symbol: 'ETHUSDT', side: 'buy' });
    const btcOnly = sentimentContext(['BTCUSDT']);
    await btcOnly.run(new SentimentStrategy([eth], new SentimentScorer()), 1);
    expect(btcOnly.ofType('signal')).toHaveLength(0);
    expect(btcOnly.ofType('heartbeat')).toHaveLength(1);
  });

  it('answers a discussion with its recent scores', async () => {
    const context = sentimentContext();
    const driver = new SentimentStrategy(headlines, new SentimentScorer());
    await context.run(driver, 30);
    const question = await context.deliver(driver, {
      type: 'discussion',
      from: 'deepseek-v3',
      to: ['fingpt'],
      text: 'Mood?',
    });
    const [reply] = context.repliesTo(question);
    expect(reply).toMatchObject({ to: ['deepseek-v3'], correlationId: question.id });
    expect(reply.text).toMatch(
      /^lexicon sentiment over my last 3 headline\(s\): mean -0\.\d\d; latest ".*" scored -0\.\d\d$/,
    );
  });
});
