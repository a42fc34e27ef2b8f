import { SEED_ROSTER, type BuiltInAgent } from '../../config/roster.js';
import { loadCandles, MARKET_ASSETS } from '../market/candle-history.fixture.js';
import { HeadlineSource } from '../models/headline-source.js';
import { SentimentScorer } from '../models/sentiment-scorer.js';
import { createDriver, type DriverDependencies } from './driver-factory.js';
import { LocalModels } from './local-models.js';
import { ForecasterStrategy } from './forecaster.strategy.js';
import { MarketMakerStrategy } from './market-maker.strategy.js';
import { MomentumStrategy } from './momentum.strategy.js';
import { ReasonerStrategy } from './reasoner.strategy.js';
import { SentimentStrategy } from './sentiment.strategy.js';
import { RecordingContext } from './recording-context.fixture.js';

describe('createDriver', () => {
  let deps: DriverDependencies;
  beforeAll(async () => {
    const headlines = await new HeadlineSource(
      `${MARKET_ASSETS}news_headlines_labeled_2022-05.csv`,
    ).read();
    // The bundled headlines (May 2022) moved to the bundled candles' month, so there is news to read.
    const shift =
      loadCandles('BTCUSDT')[0].openTime - Math.min(...headlines.map((h) => h.publishedAt));
    deps = {
      models: new LocalModels(),
      headlines: headlines.map((h) => ({ ...h, publishedAt: h.publishedAt + shift })),
      scorer: new SentimentScorer(),
    };
  });

  it('builds the driver each seed agent names', () => {
    const kinds = SEED_ROSTER.map((definition) => createDriver(definition, deps).constructor);
    expect(kinds).toEqual([
      MomentumStrategy,
      MarketMakerStrategy,
      ReasonerStrategy,
      ReasonerStrategy,
      SentimentStrategy,
      ForecasterStrategy,
    ]);
  });

  it('throws on an unknown driver and on a role the reasoner cannot play', () => {
    const unknown = {
      id: 'x',
      role: 'hft',
      driver: 'telepathy',
      symbols: [],
    } as unknown as BuiltInAgent;
    expect(() => createDriver(unknown, deps)).toThrow('agent x: unknown driver "telepathy"');
    expect(() =>
      createDriver({ id: 'y', role: 'hft', driver: 'reasoner', symbols: [] }, deps),
    ).toThrow(/cannot play role "hft"/);
  });

  it.each(SEED_ROSTER.flatMap((d) => [[d.id, 0, d] as const, [d.id, 100, d] as const]))(
    '%s (history from bar %i) publishes more than heartbeats within 60 ticks of real bars and answers a discussion',
    async (id, startBar, definition) => {
      const context = new RecordingContext({
        agentId: id,
        role: definition.role,
        symbols: definition.symbols,
        startBar,
      });
      const driver = createDriver(definition, deps);
      await context.run(driver, 60);
      expect(context.published.filter((m) => m.type !== 'heartbeat').length).toBeGreaterThan(0);
      expect(context.ofType('heartbeat')).toHaveLength(3);

      const question = await context.deliver(driver, {
        type: 'discussion',
        from: 'orchestrator',
        to: [id],
        text: 'What is your view?',
      });
      const replies = context.repliesTo(question);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        type: 'discussion',
        from: id,
        to: ['orchestrator'],
        correlationId: question.id,
      });
      expect(replies[0].text?.length).toBeGreaterThan(10);
    },
  );
});
