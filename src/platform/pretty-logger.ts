import { JsonLogger } from './json-logger.js';

const COLOUR: Record<string, string> = {
  DEBUG: '\x1b[90m',
  INFO: '\x1b[32m',
  WARNING: '\x1b[33m',
  ERROR: '\x1b[31m',
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const SHOWN = new Set(['severity', 'time', 'context', 'message', 'stack']);

const text = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** The same entries as `JsonLogger`, as coloured lines a person reads in a terminal. */
export class PrettyLogger extends JsonLogger {
  protected override render(entry: Record<string, unknown>): string {
    const severity = String(entry.severity);
    const time = String(entry.time).slice(11, 19);
    const context = entry.context === undefined ? '' : `${DIM}[${text(entry.context)}]${RESET} `;
    const extra = Object.entries(entry)
      .filter(([key]) => !SHOWN.has(key))
      .map(([key, value]) => ` ${DIM}${key}=${JSON.stringify(value)}${RESET}`)
      .join('');
    const stack = entry.stack === undefined ? '' : `\n${DIM}${text(entry.stack)}${RESET}`;
    return `${DIM}${time}${RESET} ${COLOUR[severity] ?? ''}${severity.padEnd(7)}${RESET} ${context}${text(entry.message ?? '')}${extra}${stack}\n`;
  }
}
