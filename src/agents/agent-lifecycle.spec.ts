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
