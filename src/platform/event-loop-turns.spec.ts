import { EventLoopTurns } from './event-loop-turns.js';

const holdTheLoop = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('EventLoopTurns', () => {
  it('releases waiters in the order they asked', async () => {
    const turns = new EventLoopTurns();
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        await turns.next();
        order.push(name);
      }),
    );
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('runs a timer that fell due during one step before the next step', async () => {
    const turns = new EventLoopTurns();
    const events: string[] = [];
    const first = turns.next().then(() => {
      events.push('step 1');
      setTimeout(() => events.push('timer'), 1);
      holdTheLoop(5);
    });
    const second = turns.next().then(() => events.push('step 2'));
    await Promise.all([first, second]);
    expect(events).toEqual(['step 1', 'timer', 'step 2']);
  });
});
