import { ComponentLifecycle } from './component-lifecycle.js';

describe('ComponentLifecycle', () => {
  it('walks initialized → starting → running → stopping → stopped, opening and closing once', async () => {
    const lifecycle = new ComponentLifecycle('market stream');
    const seen: string[] = [];
    await lifecycle.start(() => void seen.push(`open while ${lifecycle.state}`));
    expect(lifecycle.state).toBe('running');
    expect(await lifecycle.start(() => void seen.push('opened twice'))).toBe(false);
    lifecycle.stop(() => void seen.push(`close while ${lifecycle.state}`));
    lifecycle.stop(() => void seen.push('closed twice'));
    expect(seen).toEqual(['open while starting', 'close while stopping']);
    expect(lifecycle.state).toBe('stopped');
    expect(lifecycle.isStopping).toBe(true);
  });

  it('refuses an invalid transition loudly and stays where it was', () => {
    const lifecycle = new ComponentLifecycle('shipper');
    expect(() => lifecycle.transition('running')).toThrow(
      'shipper: invalid transition initialized -> running',
    );
    expect(lifecycle.state).toBe('initialized');
  });

  it('fails when opening throws, and a failed component may start again', async () => {
    const lifecycle = new ComponentLifecycle('user stream');
    await expect(
      lifecycle.start(() => Promise.reject(new Error('listen key refused'))),
    ).rejects.toThrow('listen key refused');
    expect(lifecycle.state).toBe('failed');
    expect(lifecycle.isRunning).toBe(false);
    await lifecycle.start();
    expect(lifecycle.state).toBe('running');
    lifecycle.transition('failed');
    lifecycle.stop();
    expect(lifecycle.state).toBe('stopped');
  });

  it('never comes back once stopped, even from an open that was still under way', async () => {
    const lifecycle = new ComponentLifecycle('bridge');
    let finishOpen!: () => void;
    const starting = lifecycle.start(() => new Promise<void>((resolve) => (finishOpen = resolve)));
    lifecycle.stop();
    finishOpen();
    await starting;
    expect(lifecycle.state).toBe('stopped');
    await expect(lifecycle.start()).rejects.toThrow(
      'bridge: invalid transition stopped -> starting',
    );
    expect(() => lifecycle.transition('failed')).toThrow(/stopped -> failed/);
  });

  it('can be put away before it ever started', () => {
    const lifecycle = new ComponentLifecycle('feed');
    lifecycle.stop();
    expect(lifecycle.state).toBe('stopped');
  });
});
