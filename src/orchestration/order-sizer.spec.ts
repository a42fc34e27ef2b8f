import { sizeOrder, type SizingInput } from './order-sizer.js';

const base: SizingInput = {
  side: 'buy',
  confidence: 1,
  price: 100,
  capitalUsd: 10_000,
  maxOrderFraction: 0.1,
  cashUsd: 10_000,
  heldQuantity: 0,
  feeBps: 10,
};

describe('sizeOrder', () => {
  it('scales a buy by confidence within the largest order the role allows', () => {
    expect(sizeOrder(base) * 100).toBeCloseTo(1_000, 9);
    expect(sizeOrder({ ...base, confidence: 0.5 }) * 100).toBeCloseTo(500, 9);
    expect(sizeOrder({ ...base, confidence: 7 }) * 100).toBeCloseTo(1_000, 9);
  });

  it('never spends more than the cash, fee included', () => {
    const quantity = sizeOrder({ ...base, cashUsd: 300 });
    expect(quantity * 100 * 1.001).toBeCloseTo(300, 9);
  });

  it('sells no more than is held, and all of it when the order would exceed it', () => {
    expect(sizeOrder({ ...base, side: 'sell', heldQuantity: 3 })).toBe(3);
    expect(sizeOrder({ ...base, side: 'sell', heldQuantity: 50 }) * 100).toBeCloseTo(1_000, 9);
  });

  it('skips orders too small to be worth their fee', () => {
    expect(sizeOrder({ ...base, side: 'sell', heldQuantity: 0 })).toBe(0);
    expect(sizeOrder({ ...base, cashUsd: 5 })).toBe(0);
    expect(sizeOrder({ ...base, confidence: 0 })).toBe(0);
  });
});
