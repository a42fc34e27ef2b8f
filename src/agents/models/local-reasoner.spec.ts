import { testEnvelope } from '../../communication/envelope.fixture.js';
import { loadCandles } from '../market/candle-history.fixture.js';
import { LOCAL_REASONER_MARKER, LocalReasoner } from './local-reasoner.js';

const btc = loadCandles('BTCUSDT').map((c) => c.close);
/** 96 bars up to and including BTC's 30,000 low on 19 May 2021. */
const crash = (() => {
  const at = loadCandles('BTCUSDT').findIndex((c) => c.low === 30_000);
  return btc.slice(at - 95, at + 1);
})();
const choppy = Array.from({ length: 96 }, (_, i) => 100 + (i % 2 === 0 ? 0.2 : -0.2));

describe('LocalReasoner', () => {
  const reasoner = new LocalReasoner();

  it('is the local kind', () => {
    expect(reasoner.kind).toBe('local');
  });

  it('proposes a short thesis into the crash and states the indicators behind it', async () => {
    const thesis = await reasoner.reason({ kind: 'thesis', symbol: 'BTCUSDT', closes: crash });
    expect(thesis.side).toBe('sell');
    expect(thesis.text.startsWith(LOCAL_REASONER_MARKER)).toBe(true);
    expect(thesis.text).toMatch(
      /EMA12 below EMA48 by \d+\.\d\d%.*vol \d+\.\d\d%\/bar \(high\) → short, (1h|4h)/,
    );
    expect(thesis.confidence).toBeGreaterThan(0.3);
  });

  it('returns low confidence and no side when there is no clear trend', async () => {
    const thesis = await reasoner.reason({ kind: 'thesis', symbol: 'XRPUSDT', closes: choppy });
    expect(thesis.side).toBeUndefined();
    expect(thesis.confidence).toBeLessThanOrEqual(0.25);
    expect(thesis.text).toMatch(/^\[rule-based LocalReasoner\] XRPUSDT: .* no clear trend/);
  });

  it('challenges a long thesis taken into a crash: high volatility, against momentum and trend', async () => {
    const thesis = testEnvelope(
      {
        type: 'thesis',
        from: 'deepseek-v3',
        symbol: 'BTCUSDT',
        side: 'buy',
        confidence: 0.8,
        horizon: '4h',
      },
      0,
    );
    const challenge = await reasoner.reason({ kind: 'challenge', thesis, closes: crash });
    expect(challenge.text.startsWith(LOCAL_REASONER_MARKER)).toBe(true);
    expect(challenge.text).toContain("deepseek-v3's long BTCUSDT thesis");
    expect(challenge.text).toMatch(/high volatility/);
    expect(challenge.text).toMatch(/against the EMA trend/);
    expect(challenge.side).toBe('sell');
    expect(challenge.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('has no objection to a thesis that goes with a calm trend', async () => {
    const steady = Array.from(
      { length: 96 },
      (_, i) => 100 * 1.001 ** i * (i % 2 === 0 ? 1.0005 : 0.9995),
    );
    const thesis = testEnvelope(
      { type: 'thesis', from: 'lag-llama', symbol: 'ETHUSDT', side: 'buy', confidence: 0.5 },
      0,
    );
    const challenge = await reasoner.reason({ kind: 'challenge', thesis, closes: steady });
    expect(challenge.text).toContain('no objection');
    expect(challenge.confidence).toBeLessThan(0.3);
  });

  it('answers a question with the current reading and volatility advice', async () => {
    const discussion = testEnvelope(
      {
        type: 'discussion',
        from: 'orchestrator',
        to: ['qwen'],
        symbol: 'BTCUSDT',
        text: 'How risky is BTC right now?',
      },
      0,
    );
    const reply = await reasoner.reason({ kind: 'reply', discussion, closes: crash });
    expect(reply.text).toMatch(
      /^\[rule-based LocalReasoner\] re "How risky is BTC right now\?": BTCUSDT EMA12 below EMA48/,
    );
    expect(reply.text).toContain('high volatility');
    expect(reply.side).toBe('sell');
  });

  it('says so when there is too little history', async () => {
    const thesis = await reasoner.reason({
      kind: 'thesis',
      symbol: 'SOLUSDT',
      closes: btc.slice(0, 5),
    });
    expect(thesis.side).toBeUndefined();
    expect(thesis.text).toContain('only 5 bars of history');
  });
});
