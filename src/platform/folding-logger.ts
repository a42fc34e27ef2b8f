import type { LoggerService } from '@nestjs/common';
import type { CancelTimer, Timers } from './timers.js';

/** Repeats of one warning are counted for this long, then reported as one line. */
export const FOLD_WINDOW_MS = 60_000;

interface Fold {
  readonly context: string | undefined;
  readonly example: string;
  repeats: number;
}

/** Warnings that differ only in their numbers are the same warning. */
function shapeOf(message: string, context: string | undefined): string {
  return `${context ?? ''}|${message.replace(/\d+(\.\d+)?(e[-+]?\d+)?/gi, '#')}`;
}

/**
 * Passes every line through, except that a warning seen before in the current minute is only counted;
 * once a minute each counted warning becomes one line with its count. A flood of "agents trading
 * against each other" stays readable. Runs on monotonic timers: it is infrastructure, not policy.
 */
export class FoldingLogger implements LoggerService {
  private readonly folds = new Map<string, Fold>();
  private readonly cancel: CancelTimer;

  constructor(
    private readonly inner: LoggerService,
    timers: Timers,
    windowMs = FOLD_WINDOW_MS,
  ) {
    this.cancel = timers.every(windowMs, () => this.flush());
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.inner.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    if (typeof message !== 'string') {
      this.inner.warn(message, ...rest);
      return;
    }
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const shape = shapeOf(message, context);
    const fold = this.folds.get(shape);
    if (fold) {
      fold.repeats++;
      return;
    }
    this.folds.set(shape, { context, example: message, repeats: 0 });
    this.inner.warn(message, ...rest);
  }

  /** Reports what was folded and starts a new window. */
  flush(): void {
    for (const fold of this.folds.values()) {
      if (fold.repeats === 0) continue;
      const line = `${fold.example} (and ${fold.repeats} more like it in the last minute)`;
      if (fold.context === undefined) this.inner.warn(line);
      else this.inner.warn(line, fold.context);
    }
    this.folds.clear();
  }

  close(): void {
    this.cancel();
    this.flush();
  }
}
