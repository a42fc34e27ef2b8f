import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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

/** The first prototype-like key anywhere in a parsed body (depth is already bounded). */
function hostileKey(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
      continue;
    }
    for (const key of Object.keys(next)) {
      if (HOSTILE_KEYS.has(key)) return key;
      pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return undefined;
}

/** A JSON body as the API accepts it: at most MAX_BODY_DEPTH deep, no prototype-like keys. */
export function parseJsonBody(text: string): unknown {
  if (nestingDepth(text, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw new BadInputError(`body nests deeper than ${MAX_BODY_DEPTH} levels`, 'body');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadInputError('body is not valid JSON', 'body');
  }
  const key = hostileKey(body);
  if (key !== undefined) throw new BadInputError(`body field "${key}" is not allowed`, key);
  return body;
}

/** A callback hook, not an async one: every request passes here, and a promise would cost each a turn. */
function refuseHostileQuery(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const query = request.query;
  if (query && typeof query === 'object') {
    const key = Object.keys(query).find((k) => HOSTILE_KEYS.has(k));
    if (key !== undefined)
      return done(new BadInputError(`query parameter "${key}" is not allowed`, key));
  }
  done();
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
