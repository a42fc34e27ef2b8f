import { encodeRow } from './row-encoder.js';
import { schemaOf } from './table-schemas.js';

describe('encodeRow', () => {
  const signals = schemaOf('signals');
  const activity = schemaOf('agent_activity');
  if (!signals || !activity) throw new Error('schemas missing');
  const signal = {
    messageId: 'm-1',
    agentId: 'freqtrade-hft',
    symbol: 'BTCUSDT',
    confidence: 0.7,
    ts: Date.parse('2021-05-10T12:00:00Z'),
  };

  it('maps camelCase payload fields onto the columns, timestamps as ISO-8601 UTC, absent ones as null', () => {
    expect(encodeRow(signals, signal)).toEqual({
      ok: true,
      row: {
        message_id: 'm-1',
        correlation_id: null,
        agent_id: 'freqtrade-hft',
        symbol: 'BTCUSDT',
        side: null,
        confidence: 0.7,
        horizon: null,
        text: null,
        outcome: null,
        ts: '2021-05-10T12:00:00.000Z',
      },
    });
  });

  it('writes a list into a STRING column as JSON', () => {
    const encoded = encodeRow(schemaOf('discussions') ?? signals, {
      ...signal,
      to: ['qwen', 'hft'],
    });
    expect(encoded.ok && encoded.row.recipients).toBe('["qwen","hft"]');
  });

  it.each([
    [{ ...signal, agentId: undefined }, 'agent_id is required'],
    [{ ...signal, ts: 'yesterday' }, 'ts is not a timestamp: "yesterday"'],
    [{ ...signal, confidence: Number.NaN }, 'confidence is not a finite number: null'],
    [{ ...signal, confidence: '0.7' }, 'confidence is not a finite number: "0.7"'],
  ])('refuses a row that does not fit, saying why: %j', (values, message) => {
    expect(encodeRow(signals, values)).toEqual({ ok: false, message });
  });

  it('refuses a fractional count in an INT64 column', () => {
    expect(encodeRow(activity, { agentId: 'qwen', sent: 1.5, ts: 0 })).toEqual({
      ok: false,
      message: 'sent is not an integer: 1.5',
    });
  });
});
