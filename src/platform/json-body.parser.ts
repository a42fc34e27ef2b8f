import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Admin bodies are flat; anything this deep is an attack on the validator's recursion. */
export const MAX_BODY_DEPTH = 32;

/**
 * Keys that name the object machinery rather than data: `__proto__` would reach a prototype, and the
 * rest (`constructor`, `toString`, …) look present on every object to a validator that checks `in`.
 */
export const HOSTILE_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/** The validation pipe's 400, so a client reads every refusal the same way. */
class BadInputError extends BadRequestException {
  constructor(message: string, field: string) {
    super({ statusCode: 400, error: 'Bad Request', message: [message], fields: [field] });
  }
}

/** How deep `[` and `{` nest, scanning the text once without recursion; stops counting past `limit`. */
export function nestingDepth(text: string, limit = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function refuseHostileKey(key: string, value: unknown): unknown {
  if (HOSTILE_KEYS.has(key)) throw new BadInputError(`body field "${key}" is not allowed`, key);
  return value;
}

/** A JSON body as the API accepts it: at most MAX_BODY_DEPTH deep, no prototype-like keys. */
export function parseJsonBody(text: string): unknown {
  if (nestingDepth(text, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw new BadInputError(`body nests deeper than ${MAX_BODY_DEPTH} levels`, 'body');
  }
  try {
    return JSON.parse(text, refuseHostileKey) as unknown;
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError('body is not valid JSON', 'body');
  }
}

function refuseHostileQuery(request: FastifyRequest): Promise<void> {
  const query = request.query;
  if (query && typeof query === 'object') {
    const key = Object.keys(query).find((k) => HOSTILE_KEYS.has(k));
    if (key !== undefined) {
      return Promise.reject(new BadInputError(`query parameter "${key}" is not allowed`, key));
    }
  }
  return Promise.resolve();
}

/** Replaces Fastify's JSON parser with `parseJsonBody` and applies the same key rule to queries. */
export function guardRequestInput(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as BadInputError, undefined);
      }
    },
  );
  fastify.addHook('preValidation', refuseHostileQuery);
}
