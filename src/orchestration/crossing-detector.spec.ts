import { CrossingDetector } from './crossing-detector.js';

describe('CrossingDetector', () => {
  const fill = (
    agentId: string,
    side: 'buy' | 'sell',
    quantity: number,
    price: number,
    ts: number,
  ) => ({
    agentId,
    symbol: 'BTCUSDT',
    side,
    quantity,
    price,
    ts,
  });

  it('reports two agents on opposite sides of a symbol within the window, matching each quantity once', () => {
    const detector = new CrossingDetector(60_000);
    expect(detector.observe(fill('a', 'buy', 2, 101, 0))).toEqual([]);
    expect(detector.observe(fill('b', 'sell', 3, 100, 1_000))).toEqual([
      { symbol: 'BTCUSDT', buyer: 'a', seller: 'b', quantity: 2, spreadUsd: 2, ts: 1_000 },
    ]);
    expect(detector.observe(fill('c', 'buy', 5, 100, 2_000))).toEqual([
      { symbol: 'BTCUSDT', buyer: 'c', seller: 'b', quantity: 1, spreadUsd: 0, ts: 2_000 },
    ]);
  });

  it('ignores an agent trading against itself, the same side, and fills outside the window', () => {
    const own = new CrossingDetector(60_000);
    own.observe(fill('a', 'buy', 1, 100, 0));
    expect(own.observe(fill('a', 'sell', 1, 100, 1))).toEqual([]);
    const sameSide = new CrossingDetector(60_000);
    sameSide.observe(fill('a', 'buy', 1, 100, 0));
    expect(sameSide.observe(fill('b', 'buy', 1, 100, 2))).toEqual([]);
    expect(sameSide.observe(fill('c', 'sell', 1, 100, 120_000))).toEqual([]);
  });
});
