import { JsonSchemaValidator } from './json-schema.validator.js';

describe('JsonSchemaValidator', () => {
  const validator = new JsonSchemaValidator({
    type: 'object',
    required: ['v', 'name'],
    additionalProperties: false,
    properties: {
      v: { const: 1 },
      name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$' },
      kind: { type: 'string', enum: ['a', 'b'] },
      score: { type: 'number', minimum: 0, maximum: 1 },
      at: { type: 'string', format: 'date-time' },
      tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
      count: { type: 'integer' },
    },
  });

  it('accepts a value that meets every constraint', () => {
    expect(
      validator.validate({
        v: 1,
        name: 'abc',
        kind: 'a',
        score: 0.5,
        at: '2026-11-25T10:00:00.000Z',
        tags: ['x'],
        count: 3,
      }),
    ).toEqual([]);
  });

  it.each([
    ['not an object', 'x', '/: must be object'],
    ['a missing required property', { v: 1 }, '/name: is required'],
    ['a wrong const', { v: 2, name: 'a' }, '/v: must be 1'],
    ['an unknown property', { v: 1, name: 'a', extra: true }, '/extra: is not allowed'],
    ['a string too long', { v: 1, name: 'abcdef' }, '/name: must NOT have more than 5 characters'],
    ['a pattern mismatch', { v: 1, name: 'A' }, '/name: must match pattern "^[a-z]+$"'],
    ['a value outside the enum', { v: 1, name: 'a', kind: 'c' }, '/kind: must be one of "a", "b"'],
    ['a number above the maximum', { v: 1, name: 'a', score: 2 }, '/score: must be <= 1'],
    ['NaN-like non-numbers', { v: 1, name: 'a', score: '0.5' }, '/score: must be number'],
    [
      'a bad date-time',
      { v: 1, name: 'a', at: '2026-13-45' },
      '/at: must be an ISO-8601 date-time',
    ],
    [
      'too many items',
      { v: 1, name: 'a', tags: ['x', 'y', 'z'] },
      '/tags: must NOT have more than 2 items',
    ],
    ['a bad item', { v: 1, name: 'a', tags: [1] }, '/tags/0: must be string'],
    ['a fraction for an integer', { v: 1, name: 'a', count: 1.5 }, '/count: must be integer'],
  ])('reports %s', (_, value, problem) => {
    expect(validator.validate(value)).toContain(problem);
  });

  it('refuses a malformed schema, or one with a keyword it does not know', () => {
    expect(() => new JsonSchemaValidator({ type: 'object', oneOf: [] })).toThrow(/oneOf/);
    expect(() => new JsonSchemaValidator({ type: 'object', frobnicate: 1 })).toThrow(/frobnicate/);
  });

  it('compares const and enum by value, not by identity', () => {
    const byValue = new JsonSchemaValidator({
      type: 'object',
      properties: { a: { const: { x: 1 } }, b: { enum: [[1, 2]] } },
    });
    expect(byValue.validate({ a: { x: 1 }, b: [1, 2] })).toEqual([]);
    expect(byValue.validate({ a: { x: 2 } })).toEqual(['/a: must be {"x":1}']);
  });
});
