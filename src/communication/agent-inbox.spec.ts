import { AgentInbox, InboxPush } from './agent-inbox.js';
import { testEnvelope } from './envelope.fixture.js';

const message = (n: number) => testEnvelope({ type: 'heartbeat', from: 'a', text: String(n) }, n);
const drain = (inbox: AgentInbox) => {
  const out: (string | undefined)[] = [];
  for (let m = inbox.shift(); m; m = inbox.shift()) out.push(m.text);
  return out;
};

describe('AgentInbox', () => {
  it('is first in, first out', () => {
    const inbox = new AgentInbox(3);
    [1, 2].forEach((n) => inbox.push(message(n), n));
    expect(inbox.headQueuedAt()).toBe(1);
    expect(drain(inbox)).toEqual(['1', '2']);
    expect(inbox.shift()).toBeUndefined();
  });

  it('drops the oldest message when full and says so', () => {
    const inbox = new AgentInbox(2);
    expect(inbox.push(message(1), 1)).toBe(InboxPush.Queued);
    expect(inbox.push(message(2), 2)).toBe(InboxPush.Queued);
    expect(inbox.push(message(3), 3)).toBe(InboxPush.DroppedOldest);
    expect(inbox.size).toBe(2);
    expect(drain(inbox)).toEqual(['2', '3']);
  });

  it('replaces a waiting message with the same key in its place', () => {
    const inbox = new AgentInbox(4);
    inbox.push(message(1), 1, 7);
    inbox.push(message(2), 2);
    expect(inbox.push(message(3), 3, 7)).toBe(InboxPush.Coalesced);
    expect(inbox.size).toBe(2);
    expect(drain(inbox)).toEqual(['3', '2']);
  });

  it('queues a keyed message normally once the one it would supersede has left', () => {
    const inbox = new AgentInbox(2);
    inbox.push(message(1), 1, 7);
    inbox.shift();
    expect(inbox.push(message(2), 2, 7)).toBe(InboxPush.Queued);
    inbox.push(message(3), 3);
    expect(inbox.push(message(4), 4)).toBe(InboxPush.DroppedOldest);
    expect(inbox.push(message(5), 5, 7)).toBe(InboxPush.DroppedOldest);
    expect(drain(inbox)).toEqual(['4', '5']);
  });

  it('finds a waiting key after the ring has wrapped around', () => {
    const inbox = new AgentInbox(3);
    [1, 2].forEach((n) => inbox.push(message(n), n));
    drain(inbox);
    inbox.push(message(3), 3, 5); // slot 2
    inbox.push(message(4), 4, 6); // slot 0, after the wrap
    expect(inbox.push(message(5), 5, 6)).toBe(InboxPush.Coalesced);
    expect(inbox.push(message(6), 6, 5)).toBe(InboxPush.Coalesced);
    expect(inbox.headQueuedAt()).toBe(6);
    expect(drain(inbox)).toEqual(['6', '5']);
  });
});
