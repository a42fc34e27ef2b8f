import fc from 'fast-check';
import { type MessageEnvelope } from '../communication/message-envelope.js';
import { testEnvelope } from '../communication/envelope.fixture.js';
import { MESSAGE_TYPES } from '../config/roster.js';
import { WireContract } from './wire-contract.js';
import { WireMessageCodec } from './wire-message.codec.js';

describe('WireMessageCodec (wire contract v1)', () => {
  const contract = WireContract.load();
  const codec = new WireMessageCodec(contract.validator);
  const wire = (fields: Record<string, unknown>) =>
    Buffer.from(
      JSON.stringify({
        v: 1,
        id: 'm-1',
        type: 'signal',
        from: 'freqtrade-hft',
        ts: '2026-11-25T10:00:00Z',
        ...fields,
      }),
    );

  it('decodes a valid message into a frozen envelope with ts in epoch ms', () => {
    const decoded = codec.decode(
      wire({ symbol: 'BTCUSDT', side: 'buy', confidence: 0.8, to: ['qwen'] }),
    );
    expect(decoded).toEqual({
      ok: true,
      message: {
        id: 'm-1',
        type: 'signal',
        from: 'freqtrade-hft',
        ts: Date.parse('2026-11-25T10:00:00Z'),
        symbol: 'BTCUSDT',
        side: 'buy',
        confidence: 0.8,
        to: ['qwen'],
      },
    });
    if (decoded.ok) expect(Object.isFrozen(decoded.message)).toBe(true);
  });

  it.each([
    ['malformed-json', Buffer.from('{"v":1,')],
    ['malformed-json', Buffer.from([0xff, 0xfe, 0x00])],
    ['schema-violation', wire({ v: 2 })],
    ['schema-violation', wire({ confidence: 1.5 })],
    ['schema-violation', wire({ type: 'order' })],
    ['schema-violation', wire({ ts: 'yesterday' })],
    ['schema-violation', wire({ leverage: 100 })],
    ['schema-violation', Buffer.from('[]')],
    ['schema-violation', Buffer.from('null')],
  ])('rejects with %s', (reason, data) => {
    expect(codec.decode(data)).toMatchObject({ ok: false, reason });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(typeof codec.decode(Buffer.from(bytes)).ok).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(typeof codec.decode(Buffer.from(text)).ok).toBe('boolean');
      }),
    );
  });

  it('encodes what the coordinator delivers so that it decodes back to the same envelope', () => {
    const envelope = fc.record(
      {
        type: fc.constantFrom(...MESSAGE_TYPES),
        from: fc.constantFrom('orchestrator', 'qwen', 'lag-llama'),
        to: fc.array(fc.constantFrom('freqtrade-hft', 'hft'), { minLength: 1, maxLength: 3 }),
        symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
        side: fc.constantFrom('buy' as const, 'sell' as const),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        horizon: fc.constantFrom('15m', '4h'),
        text: fc.string({ maxLength: 200 }),
        correlationId: fc.uuid(),
      },
      { requiredKeys: ['type', 'from'] },
    );
    const ts = fc.integer({ min: 0, max: 4_000_000_000_000 });
    fc.assert(
      fc.property(envelope, ts, (draft, now) => {
        const message: MessageEnvelope = testEnvelope(draft, now);
        const body = JSON.parse(codec.encode(message).toString()) as Record<string, unknown>;
        expect(contract.validator.validate(body)).toEqual([]);
        expect(codec.decode(codec.encode(message))).toEqual({ ok: true, message });
      }),
    );
  });
});
