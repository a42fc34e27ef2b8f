declare const shape: unique symbol;

/** A read model as JSON text; the type parameter keeps the answer's shape visible to the compiler. */
export type JsonText<T> = string & { readonly [shape]: T };

/** What a controller answering with `JsonText` declares, so the text goes out as it is. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const texts = new WeakMap<object, string>();

/**
 * The snapshot's JSON, serialized once: read models are immutable and replaced when the market or the
 * book moves, so the snapshot object itself is the cache key and a change needs no invalidation. A
 * polled read then costs a map look-up instead of a `JSON.stringify` per request.
 */
export function jsonOnce<T extends object>(snapshot: T): JsonText<T> {
  let text = texts.get(snapshot);
  if (text === undefined) {
    text = JSON.stringify(snapshot);
    texts.set(snapshot, text);
  }
  return text as JsonText<T>;
}
