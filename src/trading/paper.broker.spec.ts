import { MarketTimeline } from '../platform/market-timeline.js';
import type { Fill, OrderRequest } from './broker.js';
import type { Candle, MarketTick } from './candle.js';
import { PaperBroker } from './paper.broker.js';
import { SteppedFeed } from './stepped.feed.js';
import { TradingErrorCode } from './trading.error.js';

const BAR = 5 * 60_000;
const START = Date.UTC(2021, 4, 1);
const FEES = { takerBps: 7.5, makerBps: 2, slippageBps: 2 };

type Bar = Pick<Candle, 'open' | 'high' | 'low' | 'close'>;

/** A feed over bars given by the test, one symbol, stepped by hand. */
class ListFeed extends SteppedFeed {
  private next = 0;
  constructor(
    private readonly bars: readonly Bar[],
    timeline: MarketTimeline,
  ) {
    super(['BTCUSDT'], timeline, BAR);
  }
  protected nextTick(): MarketTick | undefined {
    const bar = this.bars[this.next];
    if (!bar) return undefined;
    const openTime = START + this.next++ * BAR;
    return [{ symbol: 'BTCUSDT', openTime, volume: 1, ...bar }];
  }
}

function setUp(bars: readonly Bar[]) {
  const timeline = new MarketTimeline(START);
  const feed = new ListFeed(bars, timeline);
  const broker = new PaperBroker(feed, timeline.clock, FEES);
  return { timeline, feed, broker };
}

/** Submits and records what the promise does, without awaiting it (its fill needs a later bar). */
function place(broker: PaperBroker, order: Omit<OrderRequest, 'symbol'>) {
  const outcome: { fill?: Fill; error?: Error & { code?: string } } = {};
  broker.submit({ symbol: 'BTCUSDT', ...order }).then(
    (fill) => (outcome.fill = fill),
    (error: Error) => (outcome.error = error),
  );
  return outcome;
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PaperBroker', () => {
  it('fills a market order at the next bar’s open plus slippage, never at the close that produced it', async () => {
    const { feed, broker, timeline } = setUp([
      { open: 100, high: 101, low: 99, close: 100.5 },
      { open: 103, high: 104, low: 102, close: 102.5 },
    ]);
    feed.step(); // bar t: the signal is computed on its close, 100.5
    const buy = place(broker, { clientOrderId: 'b', side: 'buy', quantity: 2 });
    const sell = place(broker, { clientOrderId: 's', side: 'sell', quantity: 1 });
    await flush();
    expect(buy.fill).toBeUndefined();
    expect(broker.openOrders).toBe(2);

    feed.step(); // bar t+1
    await flush();
    const buyPrice = 103 * (1 + 2 / 10_000);
    expect(buy.fill).toEqual({
      clientOrderId: 'b',
      symbol: 'BTCUSDT',
      side: 'buy',
      quantity: 2,
      price: buyPrice,
      feeUsd: (buyPrice * 2 * 7.5) / 10_000,
      ts: START + 2 * BAR, // bar t+1's market time (its close)
    });
    expect(timeline.now()).toBe(START + 2 * BAR);
    expect(sell.fill?.price).toBe(103 * (1 - 2 / 10_000));
    expect(broker.openOrders).toBe(0);
  });

  it('rests a limit order until a later bar trades through it, then fills at the limit as maker', async () => {
    const { feed, broker } = setUp([
      { open: 100, high: 101, low: 95, close: 100 }, // below the bid, but the bid came after it
      { open: 100, high: 100.5, low: 99, close: 99.5 }, // touches 99: no fill
      { open: 99.5, high: 100, low: 98.9, close: 99.2 }, // through 99: fills
    ]);
    feed.step();
    const bid = place(broker, {
      clientOrderId: 'bid',
      side: 'buy',
      quantity: 3,
      type: 'limit',
      limitPrice: 99,
    });
    const ask = place(broker, {
      clientOrderId: 'ask',
      side: 'sell',
      quantity: 1,
      type: 'limit',
      limitPrice: 100.5,
    });
    feed.step();
    await flush();
    expect(bid.fill).toBeUndefined();
    expect(ask.fill).toBeUndefined(); // a high of 100.5 touches the ask, does not trade through it
    feed.step();
    await flush();
    expect(bid.fill).toEqual({
      clientOrderId: 'bid',
      symbol: 'BTCUSDT',
      side: 'buy',
      quantity: 3,
      price: 99,
      feeUsd: (99 * 3 * 2) / 10_000,
      ts: START + 3 * BAR,
    });
    expect(ask.fill).toBeUndefined();
    expect(broker.openOrders).toBe(1);
  });

  it('fills a limit sell when a later bar’s high is above it', async () => {
    const { feed, broker } = setUp([
      { open: 100, high: 100, low: 100, close: 100 },
      { open: 100, high: 101.2, low: 99.8, close: 100.1 },
    ]);
    feed.step();
    const ask = place(broker, {
      clientOrderId: 'ask',
      side: 'sell',
      quantity: 1,
      type: 'limit',
      limitPrice: 101,
    });
    feed.step();
    await flush();
    expect(ask.fill).toMatchObject({ price: 101, feeUsd: (101 * 2) / 10_000 });
  });

  it('cancels an open order (its promise rejects as cancelled) and every open order at the end', async () => {
    const { feed, broker } = setUp([
      { open: 100, high: 100, low: 100, close: 100 },
      { open: 100, high: 100, low: 100, close: 100 },
    ]);
    feed.step();
    const quote = place(broker, {
      clientOrderId: 'q',
      side: 'buy',
      quantity: 1,
      type: 'limit',
      limitPrice: 90,
    });
    const other = place(broker, {
      clientOrderId: 'o',
      side: 'buy',
      quantity: 1,
      type: 'limit',
      limitPrice: 80,
    });
    expect(broker.cancel('q', 'replaced by a new quote')).toBe(true);
    expect(broker.cancel('q', 'again')).toBe(false);
    await flush();
    expect(quote.error?.code).toBe(TradingErrorCode.Cancelled);
    expect(quote.error?.message).toBe('cancelled: replaced by a new quote');
    feed.step();
    expect(broker.cancelOpenOrders('the market data ended')).toBe(1);
    await flush();
    expect(other.error?.code).toBe(TradingErrorCode.Cancelled);
    expect(broker.openOrders).toBe(0);
  });

  it('refuses a limit order without a usable price, a bad quantity and a reused id', async () => {
    const { feed, broker } = setUp([{ open: 100, high: 100, low: 100, close: 100 }]);
    feed.step();
    const order = { clientOrderId: 'x', symbol: 'BTCUSDT', side: 'buy' as const, quantity: 1 };
    await expect(broker.submit({ ...order, type: 'limit' })).rejects.toThrow(
      'a limit order needs a positive limitPrice, got undefined',
    );
    await expect(broker.submit({ ...order, type: 'limit', limitPrice: -1 })).rejects.toThrow(
      'positive limitPrice',
    );
    await expect(broker.submit({ ...order, quantity: 0 })).rejects.toThrow(
      'quantity must be positive',
    );
    void broker.submit(order).catch(() => undefined);
    await expect(broker.submit(order)).rejects.toThrow('order x is open already');
  });

  it('fills within a bar after the policies due and before every other reader of the bar', () => {
    const { feed, broker, timeline } = setUp([
      { open: 100, high: 100, low: 100, close: 100 },
      { open: 101, high: 101, low: 101, close: 101 },
    ]);
    const seen: string[] = [];
    feed.onTick(() => seen.push(`reader sees ${broker.openOrders} open`));
    feed.step();
    void broker.submit({ clientOrderId: 'm', symbol: 'BTCUSDT', side: 'buy', quantity: 1 });
    timeline.scheduler.every(BAR, () => seen.push(`policy sees ${broker.openOrders} open`));
    seen.length = 0;
    feed.step();
    expect(seen).toEqual(['policy sees 1 open', 'reader sees 0 open']);
  });
});
