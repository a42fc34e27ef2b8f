import { BadRequestException } from '@nestjs/common';
import { HOSTILE_KEYS, MAX_BODY_DEPTH, nestingDepth, parseJsonBody } from './json-body.parser.js';

function refusal(text: string): unknown {
  try {
    parseJsonBody(text);
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse();
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseJsonBody', () => {
  it('counts nesting outside strings only, without recursion', () => {
    expect(nestingDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(nestingDepth('{"a":"[[[{{{\\"[["}')).toBe(1);
    expect(nestingDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
    expect(nestingDepth('['.repeat(100_000), 40)).toBe(41);
  });

  it('parses bodies up to the depth limit and refuses one level more, saying why', () => {
    const at = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    expect(parseJsonBody(at(MAX_BODY_DEPTH))).toBeInstanceOf(Object);
    expect(refusal(at(MAX_BODY_DEPTH + 1))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [`body nests deeper than ${MAX_BODY_DEPTH} levels`],
      fields: ['body'],
    });
  });

  it('refuses every key of Object.prototype, and prototype, at any depth', () => {
    expect(HOSTILE_KEYS).toEqual(
      new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']),
    );
    for (const key of HOSTILE_KEYS) {
      expect(refusal(`{"ok": [{"${key}": 1}]}`)).toMatchObject({ fields: [key] });
    }
    expect(parseJsonBody('{"constructors": 1, "proto": 2}')).toEqual({ constructors: 1, proto: 2 });
  });

  it('refuses text that is not JSON without quoting it', () => {
    expect(refusal('{"token": "secret-')).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['body is not valid JSON'],
      fields: ['body'],
    });
  });
});
