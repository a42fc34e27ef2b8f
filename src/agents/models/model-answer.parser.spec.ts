import { parseModelAnswer } from './model-answer.parser.js';

const good = { stance: 'long', confidence: 0.65, horizon: '4h', rationale: ' EMA12 above EMA48. ' };

describe('parseModelAnswer', () => {
  it('reads the JSON answer, also inside a fence or a sentence', () => {
    const expected = { ok: true, answer: { ...good, rationale: 'EMA12 above EMA48.' } };
    expect(parseModelAnswer(JSON.stringify(good))).toEqual(expected);
    expect(parseModelAnswer('```json\n' + JSON.stringify(good) + '\n```')).toEqual(expected);
    expect(parseModelAnswer(`Here you go: ${JSON.stringify(good)} Hope it helps.`)).toEqual(
      expected,
    );
  });

  it.each([
    ['no JSON', 'BTC looks bullish', 'no JSON object'],
    ['broken JSON', '{"stance": "long",}', 'not valid JSON'],
    ['an unknown stance', JSON.stringify({ ...good, stance: 'bullish' }), 'stance'],
    ['confidence over 1', JSON.stringify({ ...good, confidence: 1.5 }), 'confidence'],
    ['confidence as text', JSON.stringify({ ...good, confidence: '0.6' }), 'confidence'],
    ['a vague horizon', JSON.stringify({ ...good, horizon: 'soon' }), 'horizon'],
    ['an empty rationale', JSON.stringify({ ...good, rationale: '  ' }), 'rationale'],
  ])('refuses %s', (_case, content, problem) => {
    const parsed = parseModelAnswer(content);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
