import { jsonOnce } from './json-text.js';

describe('jsonOnce', () => {
  it('serializes a snapshot once and a new snapshot afresh', () => {
    const first = { equityUsd: 100, agents: [{ id: 'a' }] };
    expect(JSON.parse(jsonOnce(first))).toEqual(first);
    expect(jsonOnce(first)).toBe(jsonOnce(first));
    const next = { ...first, equityUsd: 101 };
    expect(JSON.parse(jsonOnce(next))).toEqual({ equityUsd: 101, agents: [{ id: 'a' }] });
  });
});
