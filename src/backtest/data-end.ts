import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

const TAIL_BYTES = 512;

/**
 * The open time of the last bar in the folder's first candle file, from its last line alone: enough
 * for a progress bar's ETA, without reading a year of bars twice. Undefined if there is none.
 */
export function lastBarOpenMs(dir: string): number | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^[A-Z0-9]+_[A-Z0-9]+-\w+\.csv$/.test(f));
  } catch {
    return undefined;
  }
  const [file] = files.sort();
  if (!file) return undefined;
  const path = join(dir, file);
  const size = statSync(path).size;
  const buffer = Buffer.alloc(Math.min(TAIL_BYTES, size));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
  } finally {
    closeSync(fd);
  }
  const last = buffer.toString('utf8').trim().split('\n').at(-1) ?? '';
  const ms = Date.parse(last.split(',')[0] ?? '');
  return Number.isFinite(ms) ? ms : undefined;
}
