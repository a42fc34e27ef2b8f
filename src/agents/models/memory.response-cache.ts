import { ResponseCache } from './response-cache.js';

/** The cache of one process's lifetime, bounded: the oldest answer goes first. */
export class MemoryResponseCache extends ResponseCache {
  private readonly answers = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {
    super();
  }

  get(key: string): string | undefined {
    return this.answers.get(key);
  }

  put(key: string, response: string): void {
    this.answers.set(key, response);
    if (this.answers.size > this.capacity) {
      this.answers.delete(this.answers.keys().next().value as string);
    }
  }
}
