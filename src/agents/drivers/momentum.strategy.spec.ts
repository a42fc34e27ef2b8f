import { HEARTBEAT_EVERY_TICKS } from './heartbeat.js';
import { MomentumStrategy } from './momentum.strategy.js';
import { BAR_MS, RecordingContext } from './recording-context.fixture.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const DAY = 288;
const hft = (startBar = 40) =>
  new RecordingContext({ agentId: 'freqtrade-hft', role: 'hft', symbols: SYMBOLS, startBar });

describe('MomentumStrategy', () => {
  it('publishes buy and sell signals over a day of real bars, often but with a cooldown', async () => {
    const context = hft();
    await context.run(new MomentumStrategy(), DAY);
    const signals = context.ofType('signal');

    for (const symbol of SYMBOLS) {
      const mine = signals.filter((s) => s.symbol === symbol);
      expect(mine.some((s) => s.side === 'buy')).toBe(true);
      expect(mine.some((s) => s.side === 'sell')).toBe(true);
      for (let i = 1; i < mine.length; i++)
        expect(mine[i].ts - mine[i - 1].ts).toBeGreaterThanOrEqual(3 * BAR_MS);
    }
    // At 4 bars a second a minute is 240 bars: several signals a minute, far fewer than one per bar.
    expect(signals.length / (DAY / 240)).toBeGreaterThan(5);
    expect(signals.length).toBeLessThan((DAY * SYMBOLS.length) / 4);
    for (const s of signals) {
      expect(s).toMatchObject({
        horizon: '15m',
        text: expect.stringMatching(/^EMA5 (above|below) EMA20/) as unknown,
      });
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('beats on the first tick and every 20 after, even when it has nothing to say', async () => {
    const context = hft(0);
    await context.run(new MomentumStrategy(), 60);
    expect(context.ofType('heartbeat')).toHaveLength(60 / HEARTBEAT_EVERY_TICKS);
    expect(context.ofType('signal').length).toBeGreaterThan(0);
  });

  it('a long thesis raises the confidence of its next buy signal', async () => {
    const baseline = hft();
    await baseline.run(new MomentumStrategy(), DAY);
    const firstBuy = baseline
      .ofType('signal')
      .find((s) => s.symbol === 'ETHUSDT' && s.side === 'buy');
    if (!firstBuy) throw new Error('expected an ETH buy in the baseline');
    const ticksBefore = Math.round((firstBuy.ts - baseline.published[0].ts) / BAR_MS);

    const leaning = hft();
    const driver = new MomentumStrategy();
    await leaning.run(driver, ticksBefore);
    await leaning.deliver(driver, {
      type: 'thesis',
      from: 'lag-llama',
      symbol: 'ETHUSDT',
      side: 'buy',
      confidence: 0.9,
    });
    await leaning.run(driver, 1);
    const boosted = leaning
      .ofType('signal')
      .find((s) => s.symbol === 'ETHUSDT' && s.side === 'buy');

    expect(boosted?.ts).toBe(firstBuy.ts);
    expect(boosted?.confidence).toBeGreaterThan((firstBuy.confidence ?? 0) + 0.1);
    expect(boosted?.text).toMatch(/bias \+0\.\d\d → buy/);
  });

  it('stands aside from buys while a strong short thesis holds, and trades again once it fades', async () => {
    const context = hft();
    const driver = new MomentumStrategy();
    const bearish = {
      type: 'thesis' as const,
      from: 'deepseek-v3',
      side: 'sell' as const,
      confidence: 1,
    };
    for (let i = 0; i < 10; i++) {
      await context.deliver(driver, { ...bearish, symbol: 'BTCUSDT' });
      await context.run(driver, 20);
    }
    expect(
      context.ofType('signal').filter((s) => s.symbol === 'BTCUSDT' && s.side === 'buy'),
    ).toHaveLength(0);
    expect(
      context.ofType('signal').filter((s) => s.symbol === 'ETHUSDT' && s.side === 'buy').length,
    ).toBeGreaterThan(0);
    await context.run(driver, DAY);
    expect(
      context.ofType('signal').filter((s) => s.symbol === 'BTCUSDT' && s.side === 'buy').length,
    ).toBeGreaterThan(0);
  });

  it('answers a discussion addressed to it, and ignores one addressed only to its role', async () => {
    const context = hft();
    const driver = new MomentumStrategy();
    await context.run(driver, 30);
    const question = await context.deliver(driver, {
      type: 'discussion',
      from: 'qwen',
      to: ['freqtrade-hft'],
      symbol: 'SOLUSDT',
      text: 'What is your view on SOL?',
    });
    const [reply] = context.repliesTo(question);
    expect(reply).toMatchObject({ to: ['qwen'], correlationId: question.id, symbol: 'SOLUSDT' });
    expect(reply.text).toMatch(/^SOLUSDT: EMA5\/EMA20 gap [+-]\d+\.\d+% .* bias [+-]\d\.\d\d → /);

    const note = await context.deliver(driver, {
      type: 'discussion',
      from: 'qwen',
      to: ['hft'],
      text: 'Risk note',
    });
    expect(context.repliesTo(note)).toHaveLength(0);
  });
});
