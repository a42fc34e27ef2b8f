import { type EnvelopeDraft } from '../communication/message-envelope.js';
import { testEnvelope } from '../communication/envelope.fixture.js';
import { RecentMessages } from './recent-messages.js';

const message = (draft: Partial<EnvelopeDraft>) =>
  testEnvelope({ type: 'thesis', from: 'deepseek-v3', ...draft }, 1_000);

describe('RecentMessages', () => {
  it('keeps theses and discussions only, oldest first', () => {
    const recent = new RecentMessages(5);
    recent.record(message({ text: 'a' }));
    recent.record(message({ type: 'signal', from: 'freqtrade-hft' }));
    recent.record(message({ type: 'discussion', from: 'qwen', to: ['deepseek-v3'], text: 'b' }));
    recent.record(message({ type: 'heartbeat' }));
    expect(recent.since().map((e) => [e.seq, e.message.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('forgets the oldest beyond its capacity and answers what came after a number', () => {
    const recent = new RecentMessages(3);
    for (let i = 1; i <= 7; i++) recent.record(message({ text: String(i) }));
    expect(recent.since().map((e) => e.message.text)).toEqual(['5', '6', '7']);
    expect(recent.since(6).map((e) => e.message.text)).toEqual(['7']);
    expect(recent.since(7)).toEqual([]);
    expect(recent.lastSeq).toBe(7);
  });
});
