import { PendingWork } from './pending-work.js';

const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('PendingWork', () => {
  it('in a replay, hands answers over in the order the calls were made, whatever their latency', async () => {
    const pending = new PendingWork();
    pending.orderAnswers(true);
    const order: string[] = [];
    const slow = pending.ordered(after(30, 'slow')).then((v) => void order.push(v));
    const fast = pending.ordered(after(1, 'fast')).then((v) => void order.push(v));
    void pending.track(Promise.all([slow, fast]));
    await pending.settled();
    expect(order).toEqual(['slow', 'fast']);
  });

  it('live, passes answers through as they come', async () => {
    const pending = new PendingWork();
    const order: string[] = [];
    await Promise.all([
      pending.ordered(after(30, 'slow')).then((v) => void order.push(v)),
      pending.ordered(after(1, 'fast')).then((v) => void order.push(v)),
    ]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('settles only when every source is idle and tracked work is done', async () => {
    const pending = new PendingWork();
    let busy = true;
    pending.addSource({ isIdle: () => !busy, isQuiet: () => !busy });
    setTimeout(() => (busy = false), 20);
    let done = false;
    void pending.track(after(10, 0).then(() => (done = true)));
    await pending.settled();
    expect(busy).toBe(false);
    expect(done).toBe(true);
  });
});
