import { OutboundQueue } from './outbound-queue.js';

describe('OutboundQueue', () => {
  it('is first in, first out, refuses offers when full and takes them again once drained', () => {
    const queue = new OutboundQueue<number>(3);
    expect([1, 2, 3, 4].map((n) => queue.offer(n))).toEqual([true, true, true, false]);
    expect(queue.take()).toBe(1);
    expect(queue.offer(5)).toBe(true);
    expect([queue.take(), queue.take(), queue.take(), queue.take()]).toEqual([2, 3, 5, undefined]);
    expect(queue.size).toBe(0);
  });

  it('needs a positive capacity', () => {
    expect(() => new OutboundQueue(0)).toThrow();
  });
});
