import fc from 'fast-check';

/** One route as Fastify registered it (`:param`) or OpenAPI documents it (`{param}`). */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
}

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface FuzzTokens {
  readonly read: string;
  readonly operator: string;
  readonly admin: string;
}

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  '__defineGetter__',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** Path segments: known ids, traversal, bad escapes, hostile names, long and random ones. */
const segment = fc.oneof(
  fc.constantFrom('qwen', 'fingpt', 'portfolio', 'freqtrade-hft', 'index.html', 'dashboard.js'),
  fc.constantFrom('..', '%2e%2e', '%2F', '%00', '%ff', '%', '~', '%E2%82%AC', ...HOSTILE_KEYS),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.integer({ min: 100, max: 5_000 }).map((n) => 'a'.repeat(n)),
);

const queryValue = fc.oneof(
  fc.constantFrom('2021-05', '1', '0', '-1', '1000', '1e309', 'abc', ''),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const queryKey = fc.oneof(
  fc.constantFrom('month', 'limit', 'beforeId', 'a[b][c]', ...HOSTILE_KEYS),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
  fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'k'.repeat(n)),
);
const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(queryKey, queryValue), { minLength: 1, maxLength: 5 })
      .map((pairs) => '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  },
);

/** Valid, wrong, malformed and oversized credentials. */
function authorization(tokens: FuzzTokens) {
  return fc.oneof(
    fc.constant(undefined),
    {
      // Valid credentials get past the guard to the validation pipe, where a body does its damage.
      weight: 4,
      arbitrary: fc
        .constantFrom(tokens.read, tokens.operator, tokens.admin)
        .map((t) => `Bearer ${t}`),
    },
    fc
      .constantFrom(tokens.read, tokens.operator, tokens.admin)
      .chain((t) =>
        fc.constantFrom(
          `bearer ${t}`,
          `Bearer  ${t}`,
          `Bearer ${t} extra`,
          `Bearer ${t},`,
          `Basic ${t}`,
          t,
          `Bearer ${t.slice(1)}`,
          `Bearer ${t}=`,
        ),
      ),
    fc.constantFrom('Bearer', 'Bearer ', 'Bearer \u00e9\u00e9\u00e9', 'Bearer ==='),
    fc.integer({ min: 1_000, max: 6_000 }).map((n) => `Bearer ${'A'.repeat(n)}`),
    fc.string({ minLength: 16, maxLength: 64, unit: 'grapheme-ascii' }).map((s) => `Bearer ${s}`),
  );
}

function nested(depth: number, open: string, close: string, leaf: string): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

/** Bodies: plausible ones with odd types, deep nesting, huge and hostile keys, broken JSON, big ones. */
const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          threshold: fc.oneof(fc.double(), fc.string(), fc.jsonValue(), fc.constant(null)),
          autoTuneBand: fc.oneof(fc.double(), fc.boolean(), fc.jsonValue()),
          reason: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue(), fc.constant('  ')),
        },
        { requiredKeys: [] },
      )
      .map((value) => JSON.stringify(value)),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 2_000, max: 10_000 })),
        fc.boolean(),
      )
      .map(([depth, objects]) =>
        objects ? nested(depth, '{"a":', '}', '1') : nested(depth, '[', ']', '1'),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...HOSTILE_KEYS), fc.integer({ min: 0, max: 5 }))
      .map(([key, depth]) => nested(depth, '{"x":', '}', `{"threshold":0.5,"${key}":{"a":1}}`)),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 60_000 })
      .map((n) => JSON.stringify({ ['k'.repeat(n)]: 1, threshold: 0.5 })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"threshold": ',
      '{',
      'null',
      '"text"',
      '[]',
      '{"threshold":1e999}',
      '\u0000',
      '{"a":"\\ud800"}',
      '',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 65_000, max: 200_000 }).map((n) => ' '.repeat(n) + '{}'),
  },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/json; charset=utf-16',
);

function fillParams(url: string, values: readonly string[]): string {
  let i = 0;
  return url.replace(/:[A-Za-z_]+|\{[A-Za-z_]+\}/g, () => values[i++ % values.length]);
}

/**
 * Requests over every route: the route's method mostly, any method sometimes. Headers stay under
 * Node's 16 KB header limit (beyond it Node itself answers 431 and drops the connection).
 */
export function hostileRequests(routes: readonly RouteEntry[], tokens: FuzzTokens) {
  return fc
    .record({
      route: fc.oneof(
        fc.constantFrom(...routes),
        fc.constantFrom(...routes.filter((r) => !['GET', 'HEAD'].includes(r.method))),
      ),
      method: fc.option(fc.constantFrom(...METHODS), { freq: 5 }),
      params: fc.array(segment, { minLength: 1, maxLength: 3 }),
      query,
      authorization: authorization(tokens),
      contentType,
      body,
    })
    .map((r): FuzzRequest => {
      const headers: Record<string, string> = {};
      if (r.authorization !== undefined) headers.authorization = r.authorization;
      if (r.body !== undefined) {
        headers['content-type'] = r.contentType;
        headers['content-length'] = String(Buffer.byteLength(r.body));
      }
      return {
        method: r.method ?? r.route.method,
        path: fillParams(r.route.url, r.params) + r.query,
        headers,
        body: r.body,
      };
    });
}
