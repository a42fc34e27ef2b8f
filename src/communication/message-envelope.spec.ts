import { testEnvelope } from './envelope.fixture.js';

describe('createEnvelope', () => {
  it('gives every envelope the same fields in the same order, absent ones undefined', () => {
    const signal = testEnvelope(
      { type: 'signal', from: 'fingpt', symbol: 'BTCUSDT', side: 'buy', confidence: 0.7 },
      1_000,
    );
    const discussion = testEnvelope(
      { type: 'discussion', from: 'qwen', to: ['deepseek-v3'], text: 'why?', id: 'd-1', ts: 5 },
      1_000,
    );
    expect(Object.keys(signal)).toEqual(Object.keys(discussion));
    expect(signal).toMatchObject({ ts: 1_000, to: undefined, text: undefined });
    expect(discussion).toMatchObject({ id: 'd-1', ts: 5, to: ['deepseek-v3'] });
    expect(JSON.parse(JSON.stringify(signal))).toEqual({
      id: signal.id,
      type: 'signal',
      from: 'fingpt',
      ts: 1_000,
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.7,
    });
  });

  it('freezes the envelope and its own copy of the addressees, not the caller’s list', () => {
    const to = ['deepseek-v3'];
    const envelope = testEnvelope({ type: 'discussion', from: 'qwen', to }, 1);
    expect(Object.isFrozen(envelope)).toBe(true);
    expect(Object.isFrozen(envelope.to)).toBe(true);
    expect(Object.isFrozen(to)).toBe(false);
  });
});
