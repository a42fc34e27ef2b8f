import type { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/environment.dto.js';

const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

/**
 * One JSON object per line with Cloud Logging's `severity`, so GKE's agent parses levels, and anything
 * below `LOG_LEVEL` costs one comparison.
 */
export class JsonLogger implements LoggerService {
  private readonly minimum: number;

  constructor(
    level: LogLevel,
    protected readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.minimum = RANK[level];
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('INFO', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.emit('ERROR', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('WARNING', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('DEBUG', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('DEBUG', message, rest);
  }

  /** One line for the entry; the pretty logger overrides it for a terminal. */
  protected render(entry: Record<string, unknown>): string {
    return `${JSON.stringify(entry)}\n`;
  }

  private emit(severity: LogLevel, message: unknown, rest: unknown[]): void {
    if (RANK[severity] < this.minimum) return;
    // Nest passes the context last, and for errors a stack before it.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const entry: Record<string, unknown> = { severity, time: new Date().toISOString() };
    if (context !== undefined) entry.context = context;
    if (message instanceof Error) {
      entry.message = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.message = String(message);
    }
    if (stack !== undefined) entry.stack = stack;
    this.write(this.render(entry));
  }
}
