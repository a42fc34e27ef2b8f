import { MessageIds } from './message-ids.js';

describe('MessageIds', () => {
  it('numbers each sender’s messages in order, so two runs over the same data name them alike', () => {
    const first = new MessageIds(1);
    const second = new MessageIds(1);
    const senders = ['qwen', 'fingpt', 'qwen', 'orchestrator', 'qwen'];
    const a = senders.map((s) => first.next(s));
    const b = senders.map((s) => second.next(s));
    expect(a).toEqual(['qwen-1-1', 'fingpt-1-1', 'qwen-1-2', 'orchestrator-1-1', 'qwen-1-3']);
    expect(b).toEqual(a);
  });

  it('keeps a later run of the service apart from an earlier one', () => {
    expect(new MessageIds(2).next('qwen')).not.toBe(new MessageIds(1).next('qwen'));
  });
});
