import type { MessageEnvelope } from '../../communication/message-envelope.js';
import { loadCandles } from '../market/candle-history.fixture.js';
import { MarketMakerStrategy } from './market-maker.strategy.js';
import { RecordingContext } from './recording-context.fixture.js';

/** Starts 150 bars before BTC's 30,000 low on 19 May 2021. */
const SELL_OFF = loadCandles('BTCUSDT').findIndex((c) => c.low === 30_000) - 150;
const maker = (startBar = 40) =>
  new RecordingContext({
    agentId: 'hummingbot-mm',
    role: 'market-maker',
    symbols: ['BTCUSDT', 'ETHUSDT'],
    startBar,
  });

/** The longest run of buys in a row on one symbol. */
function longestBuyRun(signals: readonly MessageEnvelope[], symbol: string): number {
  let run = 0;
  let longest = 0;
  for (const s of signals.filter((m) => m.symbol === symbol)) {
    run = s.side === 'buy' ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

describe('MarketMakerStrategy', () => {
  it('makes two-sided flow on a normal day, never selling inventory it does not hold', async () => {
    const context = maker();
    const driver = new MarketMakerStrategy();
    await context.run(driver, 288);
    const signals = context.ofType('signal');
    expect(signals.filter((s) => s.side === 'buy').length).toBeGreaterThan(10);
    expect(signals.filter((s) => s.side === 'sell').length).toBeGreaterThan(10);
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      let held = 0;
      for (const s of signals.filter((m) => m.symbol === symbol)) {
        held += s.side === 'buy' ? 1 : -1;
        expect(held).toBeGreaterThanOrEqual(0);
        expect(held).toBeLessThanOrEqual(3);
      }
      expect(driver.inventory(symbol)).toBe(held);
    }
    expect(signals[0].text).toMatch(
      /^(buy|sell) (BTC|ETH)USDT at \d+\.\d\d: [+-]\d+\.\d\d% from fair .* inventory 0→1\/3 clips$/,
    );
  });

  it('stops buying into the 19 May sell-off once its inventory is at the limit', async () => {
    const limited = maker(SELL_OFF);
    const limitedDriver = new MarketMakerStrategy({ maxInventory: 3 });
    await limited.run(limitedDriver, 150);
    const unlimited = maker(SELL_OFF);
    await unlimited.run(new MarketMakerStrategy({ maxInventory: 50 }), 150);

    expect(longestBuyRun(limited.ofType('signal'), 'BTCUSDT')).toBe(3);
    // Without the limit the same prices would have drawn more buys in a row.
    expect(longestBuyRun(unlimited.ofType('signal'), 'BTCUSDT')).toBeGreaterThan(3);
  });

  it('widens its spread after a risk note flags high volatility, and so trades less', async () => {
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
    expect(warned.ofType('signal').length).toBeLessThan(calm.ofType('signal').length);
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
      /^BTCUSDT: fair \d+\.\d\d, last \d+\.\d\d, half-spread \d\.\d\d%, inventory \d\/3 clips; ETHUSDT: /,
    );
  });
});
