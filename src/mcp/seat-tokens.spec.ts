import { SeatTokens } from './seat-tokens.js';

describe('SeatTokens', () => {
  const tokens = new SeatTokens([
    { agentId: 'deepseek-v3', token: 'seat-token-0123456789' },
    { agentId: 'qwen', token: 'other-token-0123456789' },
  ]);

  it('seats the agent whose token the bearer header carries', () => {
    expect(tokens.agentFor('Bearer seat-token-0123456789')).toBe('deepseek-v3');
    expect(tokens.agentFor('bearer other-token-0123456789')).toBe('qwen');
  });

  it('seats nobody for a missing, malformed, partial or unknown token', () => {
    for (const header of [
      undefined,
      '',
      'seat-token-0123456789',
      'Basic seat-token-0123456789',
      'Bearer seat-token-012345678',
      'Bearer seat-token-01234567890',
      'Bearer ',
    ])
      expect(tokens.agentFor(header)).toBeUndefined();
  });
});
