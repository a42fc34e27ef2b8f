import { createEnvelope, newMessageId } from './message-envelope.js';

describe('createEnvelope', () => {
  it('gives every envelope the same fields in the same order, absent ones undefined', () => {
    const signal = createEnvelope(
      { type: 'signal', from: 'fingpt', symbol: 'BTCUSDT', side: 'buy', confidence: 0.7 },
      1_000,
    );
    const discussion = createEnvelope(
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
    const envelope = createEnvelope({ type: 'discussion', from: 'qwen', to }, 1);
    expect(Object.isFrozen(envelope)).toBe(true);
    expect(Object.isFrozen(envelope.to)).toBe(true);
    expect(Object.isFrozen(to)).toBe(false);
  });

  it('makes distinct UUIDs', () => {
    const ids = new Set(Array.from({ length: 1_000 }, newMessageId));
    expect(ids.size).toBe(1_000);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
