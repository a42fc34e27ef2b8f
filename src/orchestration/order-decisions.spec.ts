import { OrderDecisions } from './order-decisions.js';

describe('OrderDecisions', () => {
  it('hands the decision on a signal to whoever expects it, once', async () => {
    const decisions = new OrderDecisions();
    const { decision } = decisions.expect('s-1');
    decisions.settle('s-2', { status: 'refused', reason: 'not this one' });
    decisions.settle('s-1', { status: 'refused', reason: 'order rate: 2 orders a minute' });
    decisions.settle('s-1', { status: 'ignored', reason: 'a second settle is nobody’s' });
    await expect(decision).resolves.toEqual({
      status: 'refused',
      reason: 'order rate: 2 orders a minute',
    });
  });

  it('forgets a cancelled expectation', async () => {
    const decisions = new OrderDecisions();
    const { decision, cancel } = decisions.expect('s-1');
    cancel();
    decisions.settle('s-1', { status: 'duplicate', clientOrderId: 'o-1' });
    const outcome = await Promise.race([decision, Promise.resolve('unsettled')]);
    expect(outcome).toBe('unsettled');
  });
});
