import { AgentInbox } from './agent-inbox.js';
import { createEnvelope } from './message-envelope.js';

const message = (n: number) => createEnvelope({ type: 'heartbeat', from: 'a', text: String(n) }, n);

describe('AgentInbox', () => {
  it('is first in, first out', () => {
    const inbox = new AgentInbox(3);
    [1, 2].forEach((n) => inbox.push(message(n)));
    expect(inbox.shift()?.text).toBe('1');
    expect(inbox.shift()?.text).toBe('2');
    expect(inbox.shift()).toBeUndefined();
  });

  it('drops the oldest message when full and says so', () => {
    const inbox = new AgentInbox(2);
    expect(inbox.push(message(1))).toBe(false);
    expect(inbox.push(message(2))).toBe(false);
    expect(inbox.push(message(3))).toBe(true);
    expect(inbox.size).toBe(2);
    expect([inbox.shift()?.text, inbox.shift()?.text]).toEqual(['2', '3']);
  });
});
