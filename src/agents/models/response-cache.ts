import { createHash } from 'node:crypto';

/**
 * Port: validated model answers keyed by the exact request (URL and body), so a replay that asks the same
 * questions gets the same answers without calling — or paying for — the model again.
 */
export abstract class ResponseCache {
  abstract get(key: string): string | undefined;
  abstract put(key: string, response: string): void;

  /** The key of one request: a digest of the URL and the body exactly as sent. */
  static keyOf(url: string, body: unknown): string {
    return createHash('sha256').update(url).update('\n').update(JSON.stringify(body)).digest('hex');
  }
}

/** Remembers nothing: every request reaches the model. */
export class NoResponseCache extends ResponseCache {
  get(): undefined {
    return undefined;
  }

  put(): void {}
}
