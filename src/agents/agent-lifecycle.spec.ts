import { AgentLifecycle } from './agent-lifecycle.js';

describe('AgentLifecycle', () => {
  it('walks created → starting → running → paused → running → stopped', () => {
    const lifecycle = new AgentLifecycle('qwen');
    for (const next of ['starting', 'running', 'paused', 'running', 'stopped'] as const)
      lifecycle.transition(next);
    expect(lifecycle.state).toBe('stopped');
  });

  it('refuses an invalid transition and stays where it was', () => {
    const lifecycle = new AgentLifecycle('qwen');
    expect(() => lifecycle.transition('running')).toThrow(
      'agent qwen: invalid transition created -> running',
    );
    expect(lifecycle.state).toBe('created');
  });

  it('lets a failed agent be restarted, never a stopped one', () => {
    const lifecycle = new AgentLifecycle('fingpt');
    lifecycle.transition('starting');
    lifecycle.transition('failed');
    lifecycle.transition('starting');
    lifecycle.transition('stopped');
    expect(() => lifecycle.transition('starting')).toThrow(/invalid transition/);
  });
});

describe('AgentLifecycle pauses, keyed by reason', () => {
  const running = () => {
    const lifecycle = new AgentLifecycle('deepseek-v3');
    lifecycle.transition('starting');
    lifecycle.started();
    return lifecycle;
  };

  it('stays paused until the last reason is lifted', () => {
    const lifecycle = running();
    lifecycle.pause('stepped-aside');
    lifecycle.pause('out-of-budget');
    expect(lifecycle.state).toBe('paused');
    expect(lifecycle.resume('stepped-aside')).toBe(true);
    expect(lifecycle.state).toBe('paused');
    expect(lifecycle.resume('stepped-aside')).toBe(false);
    expect(lifecycle.resume('out-of-budget')).toBe(true);
    expect(lifecycle.state).toBe('running');
  });

  it('keeps the reasons of a failed agent, so its restart begins paused', () => {
    const lifecycle = running();
    lifecycle.transition('failed');
    lifecycle.pause('out-of-budget');
    expect(lifecycle.state).toBe('failed');
    lifecycle.transition('starting');
    lifecycle.started();
    expect(lifecycle.state).toBe('paused');
    expect(lifecycle.pausedFor('out-of-budget')).toBe(true);
    lifecycle.resume('out-of-budget');
    expect(lifecycle.state).toBe('running');
  });

  it('records nothing once stopped', () => {
    const lifecycle = running();
    lifecycle.transition('stopped');
    lifecycle.pause('idle');
    expect(lifecycle.pausedFor('idle')).toBe(false);
    expect(lifecycle.state).toBe('stopped');
  });
});
