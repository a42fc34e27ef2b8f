import { loadCandles, MARKET_ASSETS } from '../market/candle-history.fixture.js';
import { ChatModel, type Reasoning, type ReasoningTask } from '../models/chat-model.js';
import { LocalReasoner } from '../models/local-reasoner.js';
import { HeadlineSource, type Headline } from '../models/headline-source.js';
import { SentimentScorer } from '../models/sentiment-scorer.js';
import { SentimentStrategy } from './sentiment.strategy.js';
import { minuteBarsOf, RecordingContext } from './recording-context.fixture.js';

const ALL = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'];
const sentimentContext = (symbols = ALL) =>
  new RecordingContext({ agentId: 'fingpt', role: 'sentiment', symbols });
const MINUTE = 60_000;

/** The headlines moved in time so the first is published `afterMs` after the context's market time. */
function publishedFrom(
  list: readonly Headline[],
  context: RecordingContext,
  afterMs = 0,
): Headline[] {
  const first = Math.min(...list.map((h) => h.publishedAt));
  const shift = context.now() + afterMs - first;
  return list.map((h) => ({ ...h, publishedAt: h.publishedAt + shift }));
}

describe('SentimentStrategy', () => {
  let headlines: Headline[];
  beforeAll(async () => {
    headlines = await new HeadlineSource(
      `${MARKET_ASSETS}news_headlines_labeled_2022-05.csv`,
    ).read();
  });

  it('turns strong headlines into signals on the coin they are about, quoting the headline', async () => {
    const context = sentimentContext();
    const news = publishedFrom(headlines, context);
    await context.run(new SentimentStrategy(news, new SentimentScorer()), 288);
    const signals = context.ofType('signal');
    expect(signals.length).toBeGreaterThan(0);
    expect(signals[0]).toMatchObject({ horizon: '1h' });
    expect(signals[0].text).toMatch(/^lexicon sentiment [+-]\d\.\d\d on ".*" \(.*\)/);
    for (const s of signals) expect(s.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('reads each headline once, at its own time and never before, and never cycles', async () => {
    const context = sentimentContext();
    const few = headlines.filter((h) => /Plunge|Collapses/.test(h.title)).slice(0, 2);
    const [first, second] = publishedFrom(few, context, 30 * MINUTE);
    const timed = [first, { ...second, publishedAt: first.publishedAt + 40 * MINUTE }];
    const driver = new SentimentStrategy(timed, new SentimentScorer());
    await context.run(driver, 5); // 25 minutes: the first is not out yet
    expect(context.ofType('signal')).toHaveLength(0);
    expect(driver.quietReason()).toMatch(/^no headline yet: the next is published at /);
    await context.run(driver, 60);
    const signals = context.ofType('signal');
    expect(signals.map((s) => /"(.*)"/.exec(s.text ?? '')?.[1])).toEqual([
      first.title,
      second.title,
    ]);
    expect(signals[0].ts).toBeGreaterThanOrEqual(first.publishedAt);
    expect(signals[0].ts - first.publishedAt).toBeLessThan(5 * MINUTE);
    expect(signals[1].ts).toBeGreaterThanOrEqual(timed[1].publishedAt);
    expect(signals.every((s) => s.side === 'sell')).toBe(true);
    expect(driver.quietReason()).toMatch(/^no headlines for this period: they cover /);
  });

  it('stays quiet and says why when the headlines are from another period', async () => {
    const context = sentimentContext();
    const driver = new SentimentStrategy(headlines, new SentimentScorer()); // May 2022 over May 2021
    await context.run(driver, 100);
    expect(context.ofType('signal')).toHaveLength(0);
    expect(driver.quietReason()).toMatch(
      /^no headline yet: the next is published at 2022-05-09T02:12:00\.000Z \(market time 2021-05-01T08:30:00\.000Z; headlines cover 2022-05-09T02:12:00\.000Z to 2022-05-\d\dT/,
    );
    const past = sentimentContext();
    const stale = new SentimentStrategy(
      publishedFrom(headlines, past, -30 * 24 * 60 * MINUTE),
      new SentimentScorer(),
    );
    await past.run(stale, 10);
    expect(past.ofType('signal')).toHaveLength(0);
    expect(stale.quietReason()).toMatch(/^no headlines for this period: they cover 2021-04-/);
  });

  it('uses the coin named in the headline, and skips a coin it does not follow', async () => {
    const eth = headlines.find((h) => h.title.startsWith('Ethereum rises vs. Bitcoin'));
    if (!eth) throw new Error('headline missing');
    const follows = sentimentContext();
    await follows.run(
      new SentimentStrategy(publishedFrom([eth], follows), new SentimentScorer()),
      1,
    );
    expect(follows.ofType('signal')[0]).toMatchObject({ symbol: 'ETHUSDT', side: 'buy' });
    const btcOnly = sentimentContext(['BTCUSDT']);
    await btcOnly.run(
      new SentimentStrategy(publishedFrom([eth], btcOnly), new SentimentScorer()),
      1,
    );
    expect(btcOnly.ofType('signal')).toHaveLength(0);
    expect(btcOnly.ofType('heartbeat')).toHaveLength(1);
  });

  it('answers a discussion with its recent scores', async () => {
    const context = sentimentContext();
    const driver = new SentimentStrategy(publishedFrom(headlines, context), new SentimentScorer());
    await context.run(driver, 60);
    const question = await context.deliver(driver, {
      type: 'discussion',
      from: 'deepseek-v3',
      to: ['fingpt'],
      text: 'Mood?',
    });
    const [reply] = context.repliesTo(question);
    expect(reply).toMatchObject({ to: ['deepseek-v3'], correlationId: question.id });
    expect(reply.text).toMatch(
      /^lexicon sentiment over my last \d+ headline\(s\): mean [+-]\d\.\d\d; latest ".*" scored [+-]\d\.\d\d$/,
    );
  });
});

/** A real, small chat model: the local rules, noting each task it is given. */
class NotingModel extends ChatModel {
  readonly kind = 'local';
  readonly tasks: ReasoningTask[] = [];
  private readonly rules = new LocalReasoner();

  reason(task: ReasoningTask): Promise<Reasoning> {
    this.tasks.push(task);
    return this.rules.reason(task);
  }
}

describe('SentimentStrategy on 1-minute and 5-minute bars of the same prices', () => {
  it('shows the model the same four hours of closes and trades the headline the same way', async () => {
    const [news] = await new HeadlineSource(
      `${MARKET_ASSETS}news_headlines_labeled_2022-05.csv`,
    ).read();
    const runs = await Promise.all(
      [5 * MINUTE, MINUTE].map(async (barMs) => {
        const perFive = (5 * MINUTE) / barMs;
        const five = loadCandles('BTCUSDT');
        const context = new RecordingContext({
          agentId: 'fingpt',
          role: 'sentiment',
          symbols: ['BTCUSDT'],
          candles: new Map([['BTCUSDT', perFive === 1 ? five : minuteBarsOf(five)]]),
          barMs,
          startBar: 200 * perFive + perFive - 1,
        });
        const model = new NotingModel();
        const headline = { ...news, publishedAt: context.now() + 5 * MINUTE };
        const driver = new SentimentStrategy([headline], new SentimentScorer(), {}, model);
        await context.run(driver, 2 * perFive);
        return { model, context };
      }),
    );
    const [five, one] = runs.map(({ model }) => {
      expect(model.tasks).toHaveLength(1);
      return model.tasks[0];
    });
    expect([five.closes.length, one.closes.length]).toEqual([48, 240]);
    expect([five.barMs, one.barMs]).toEqual([5 * MINUTE, MINUTE]);
    // Every fifth 1-minute close is a 5-minute close: the same prices over the same span.
    expect(one.closes.filter((_, i) => i % 5 === 4)).toEqual(five.closes);
    const [a, b] = runs.map(({ context }) =>
      context.ofType('signal').map((s) => ({ side: s.side, confidence: s.confidence, ts: s.ts })),
    );
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
  });
});
