import type { MessageEnvelope } from '../../communication/message-envelope.js';
import { loadCandles } from '../market/candle-history.fixture.js';
import { MarketMakerStrategy } from './market-maker.strategy.js';
import { minuteBarsOf, RecordingContext } from './recording-context.fixture.js';

/** Starts 150 bars before BTC's 30,000 low on 19 May 2021. */
const SELL_OFF = loadCandles('BTCUSDT').findIndex((c) => c.low === 30_000) - 150;
const maker = (startBar = 40) =>
  new RecordingContext({
    agentId: 'hummingbot-mm',
    role: 'market-maker',
    symbols: ['BTCUSDT', 'ETHUSDT'],
    startBar,
  });

/** Replays bar by bar, noting before each bar the inventory it held and what it then quoted. */
async function quoteLog(context: RecordingContext, driver: MarketMakerStrategy, bars: number) {
  const log: { inventory: number; quotes: MessageEnvelope[] }[] = [];
  for (let i = 0; i < bars; i++) {
    const before = context.published.length;
    await context.run(driver, 1);
    log.push({
      inventory: driver.inventory('BTCUSDT'),
      quotes: context.published.slice(before).filter((m) => m.symbol === 'BTCUSDT'),
    });
  }
  return log;
}

describe('MarketMakerStrategy', () => {
  it('quotes both sides with limit orders around fair value and counts a clip only when a later bar trades through', async () => {
    const context = maker();
    const driver = new MarketMakerStrategy();
    await context.run(driver, 288);
    const signals = context.ofType('signal');
    const bids = signals.filter((s) => s.side === 'buy');
    const asks = signals.filter((s) => s.side === 'sell');
    expect(bids.length).toBeGreaterThan(10);
    expect(asks.length).toBeGreaterThan(10);
    expect(signals.every((s) => s.limitPrice !== undefined && s.limitPrice > 0)).toBe(true);
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      expect(driver.inventory(symbol)).toBeGreaterThanOrEqual(0);
      expect(driver.inventory(symbol)).toBeLessThanOrEqual(3);
    }
    expect(signals[0].text).toMatch(
      /^bid (BTC|ETH)USDT at \d+\.\d\d: fair \d+\.\d\d \(EMA20\), last \d+\.\d\d, half-spread .* inventory 0\/3 clips$/,
    );
  });

  it('never bids at its inventory limit and never asks while it holds nothing, through the 19 May sell-off', async () => {
    const context = maker(SELL_OFF);
    const driver = new MarketMakerStrategy({ maxInventory: 3 });
    const log = await quoteLog(context, driver, 150);
    expect(Math.max(...log.map((l) => l.inventory))).toBe(3);
    for (const { inventory, quotes } of log) {
      if (inventory >= 3) expect(quotes.filter((q) => q.side === 'buy')).toHaveLength(0);
      if (inventory === 0) expect(quotes.filter((q) => q.side === 'sell')).toHaveLength(0);
    }
  });

  it('fills its bid only when a later bar’s low is below it, as the paper broker does', async () => {
    const context = maker();
    const driver = new MarketMakerStrategy();
    const log = await quoteLog(context, driver, 288);
    const at = log.findIndex((l) => l.quotes.some((q) => q.side === 'buy'));
    expect(at).toBeGreaterThanOrEqual(0);
    // Replayed again up to the first bid: its inventory changes exactly when a later low goes below it.
    const again = maker();
    const replay = new MarketMakerStrategy();
    await again.run(replay, at + 1);
    const price = replay.restingQuote('BTCUSDT', 'buy') ?? NaN;
    expect(price).toBeGreaterThan(0);
    let bars = 0;
    for (let i = 0; i < 40 && replay.restingQuote('BTCUSDT', 'buy') === price; i++) {
      bars += 1;
      const held = replay.inventory('BTCUSDT');
      const [bar] = again.advance();
      replay.onTick([bar, ...again.recent('ETHUSDT', 1)], again);
      const through = bar.low < price;
      expect(replay.inventory('BTCUSDT')).toBe(through ? held + 1 : held);
      if (through) break;
    }
    expect(bars).toBeGreaterThan(0);
  });

  it('widens its spread after a risk note flags high volatility', async () => {
    const calm = maker();
    await calm.run(new MarketMakerStrategy(), 80);
    const warned = maker();
    const driver = new MarketMakerStrategy();
    await warned.deliver(driver, {
      type: 'discussion',
      from: 'qwen',
      to: ['hft', 'market-maker'],
      text: 'Risk note: high volatility on BTCUSDT, widen spreads',
    });
    await warned.run(driver, 80);
    const widest = (context: RecordingContext) =>
      Math.max(
        ...context
          .ofType('signal')
          .map((s) => Number(/half-spread (\d+\.\d+)%/.exec(s.text ?? '')?.[1])),
      );
    expect(widest(warned)).toBeGreaterThan(widest(calm));
    expect(warned.ofType('signal').every((s) => s.text?.includes('widened on a risk note'))).toBe(
      true,
    );
    expect(warned.ofType('discussion')).toHaveLength(0);
  });

  it('answers a discussion addressed to it with its fair value and inventory', async () => {
    const context = maker();
    const driver = new MarketMakerStrategy();
    await context.run(driver, 30);
    const question = await context.deliver(driver, {
      type: 'discussion',
      from: 'deepseek-v3',
      to: ['hummingbot-mm'],
      text: 'Where are you quoting?',
    });
    const [reply] = context.repliesTo(question);
    expect(reply).toMatchObject({
      type: 'discussion',
      to: ['deepseek-v3'],
      correlationId: question.id,
    });
    expect(reply.text).toMatch(
      /^BTCUSDT: fair \d+\.\d\d, last \d+\.\d\d, half-spread \d\.\d\d%, inventory \d\/3 clips(, quoting (bid|ask) \d+\.\d\d( \/ ask \d+\.\d\d)?)?; ETHUSDT: /,
    );
  });
});

describe('MarketMakerStrategy on 1-minute and 5-minute bars of the same prices', () => {
  const FIVE = 5 * 60_000;
  const START = 200;
  const DAY_OF_5M = 288;

  /** Runs a day of market time on bars of `barMs`; every BTC quote with its market time, and the driver. */
  async function dayOfQuotes(barMs: number, risk = false) {
    const five = loadCandles('BTCUSDT');
    const bars = barMs === FIVE ? five : minuteBarsOf(five);
    const perFive = FIVE / barMs;
    const context = new RecordingContext({
      agentId: 'hummingbot-mm',
      role: 'market-maker',
      symbols: ['BTCUSDT'],
      candles: new Map([['BTCUSDT', bars]]),
      barMs,
      startBar: START * perFive + perFive - 1,
    });
    const driver = new MarketMakerStrategy();
    if (risk)
      await context.deliver(driver, {
        from: 'qwen',
        type: 'discussion',
        text: 'high volatility across the book',
      });
    await context.run(driver, DAY_OF_5M * perFive);
    const quotes = context.ofType('signal').map((q) => ({
      at: q.ts,
      side: q.side,
      price: q.limitPrice ?? NaN,
      wide: /widened on a risk note/.test(q.text ?? ''),
    }));
    return { quotes, driver, context };
  }

  const MINUTE = 60_000;
  const sides = <Q extends { side?: string }>(quotes: Q[], side: string) =>
    quotes.filter((q) => q.side === side);

  it('quotes as often, at the same times and prices, whether the bars are 1 or 5 minutes long', async () => {
    const five = (await dayOfQuotes(FIVE)).quotes;
    const one = (await dayOfQuotes(MINUTE)).quotes;
    // Quote life is three hours of market time on both: ~8 bids a day, not five times as many on 1m.
    expect(five.length).toBeGreaterThanOrEqual(12);
    for (const side of ['buy', 'sell']) {
      const a = sides(five, side);
      const b = sides(one, side);
      expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(1);
      for (const quotes of [a, b])
        for (let i = 1; i < quotes.length; i++)
          expect(quotes[i].at - quotes[i - 1].at).toBeGreaterThanOrEqual(3 * 60 * MINUTE);
    }
    // The bids pair up: the 1-minute one comes within a 5-minute bar of its twin, at nearly its price.
    const bids = sides(five, 'buy');
    sides(one, 'buy').forEach((bid, i) => {
      expect(Math.abs(bid.at - bids[i].at)).toBeLessThanOrEqual(FIVE);
      expect(Math.abs(bid.price / bids[i].price - 1)).toBeLessThan(0.005);
    });
  });

  it('keeps a risk note in mind for the same market time on 1-minute and 5-minute bars', async () => {
    const runs = [await dayOfQuotes(FIVE, true), await dayOfQuotes(MINUTE, true)];
    const noted = runs[0].quotes[0].at - 4 * MINUTE; // the 5-minute run's first bar: the note's time
    const lasts = runs.map(({ quotes }) => {
      const wide = quotes.filter((q) => q.wide);
      expect(wide.length).toBeGreaterThan(0);
      expect(quotes.some((q) => !q.wide)).toBe(true);
      for (const q of quotes) expect(q.wide).toBe(q.at <= noted + 400 * MINUTE);
      return wide.length;
    });
    expect(Math.abs(lasts[0] - lasts[1])).toBeLessThanOrEqual(1);
  });
});
