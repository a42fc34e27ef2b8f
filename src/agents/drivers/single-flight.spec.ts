import { SingleFlight } from './single-flight.js';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('skips new work while a call is in flight, and accepts it after', async () => {
    const flight = new SingleFlight();
    const first = deferred();
    const running = flight.tryRun(() => first.promise);
    expect(flight.busy).toBe(true);
    expect(flight.tryRun(() => Promise.resolve())).toBeUndefined();
    first.resolve();
    await running;
    expect(flight.busy).toBe(false);
    let ran = false;
    await flight.tryRun(() => Promise.resolve().then(() => void (ran = true)));
    expect(ran).toBe(true);
  });

  it('queues waiting work behind a failing call without overlapping it', async () => {
    const flight = new SingleFlight();
    const first = deferred();
    const order: string[] = [];
    const failing = flight.tryRun(() => first.promise.then(() => void order.push('first')));
    const waiting = flight.run(() => Promise.resolve().then(() => void order.push('second')));
    expect(order).toEqual([]);
    first.reject(new Error('model down'));
    await expect(failing).rejects.toThrow('model down');
    await waiting;
    expect(order).toEqual(['second']);
    expect(flight.busy).toBe(false);
  });
});
