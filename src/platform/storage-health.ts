import { Logger } from '@nestjs/common';

/** `SQLITE_FULL: database or disk is full`, or the plain message of anything else. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/**
 * Whether SQLite writes succeed. The first failed write (a full disk, a size cap reached, a read-only
 * volume) takes readiness down and pauses trading, since no order may go out that could not be
 * recorded, and logs one line; the first write that succeeds again brings both back.
 *
 * The process stays up on purpose rather than exiting: a full volume is usually freed or grown while
 * the pod runs (retention, an operator, a resize), a restart would fail the same way and loop, and
 * staying up keeps the buffered outbox rows, `/metrics` and the API for the operator.
 */
export class StorageHealth {
  private failure: string | undefined;
  private failedAt = '';
  private failures = 0;
  private readonly logger = new Logger('Storage');

  get writable(): boolean {
    return this.failure === undefined;
  }

  /** What the current fault is, for readiness; undefined while writes succeed. */
  get fault(): string | undefined {
    return this.failure;
  }

  /** Failed writes since start. */
  get failureCount(): number {
    return this.failures;
  }

  /** Runs a write; its failure is recorded and rethrown, its success ends a fault. */
  write<T>(where: string, run: () => T): T {
    let result: T;
    try {
      result = run();
    } catch (error) {
      this.failed(where, error);
      throw error;
    }
    this.succeeded();
    return result;
  }

  failed(where: string, error: unknown): void {
    this.failures += 1;
    if (this.failure !== undefined) return;
    this.failure = describeFailure(error);
    this.failedAt = where;
    this.logger.error(
      `SQLite writes fail (${this.failure}, in ${where}): not ready and trading paused until a write succeeds`,
    );
  }

  succeeded(): void {
    if (this.failure === undefined) return;
    this.logger.log(
      `SQLite writes succeed again after ${this.failure} (first in ${this.failedAt}): ready, trading resumes`,
    );
    this.failure = undefined;
  }
}
