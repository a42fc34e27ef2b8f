import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candle } from './candle.js';
import { type CandleInterval, intervalMs, isCandleInterval } from './candle-interval.js';

/** The header every candle file starts with. */
export const CANDLE_HEADER = 'timestamp,open,high,low,close,volume';

const FILE_NAME = /^([A-Za-z0-9]+)_([A-Za-z0-9]+)-(\d+[A-Za-z]+)\.csv$/;

/** What a candle file's name declares: `BTC_USDT-5m.csv` holds 5-minute bars of BTCUSDT. */
export interface CandleFileName {
  readonly file: string;
  readonly symbol: string;
  readonly interval: string;
}

/** The declaration in a file name, or undefined for a file that is not candles (headlines, notes). */
export function candleFileName(file: string): CandleFileName | undefined {
  const match = FILE_NAME.exec(file);
  if (!match) return undefined;
  const [, base, quote, interval] = match;
  return { file, symbol: `${base}${quote}`.toUpperCase(), interval };
}

/**
 * One symbol's bars as columns on a grid with no holes: bar `i` opens at `firstOpenMs + i × barMs`.
 * A year of 1-minute bars is five typed arrays, not half a million objects.
 */
export interface CandleColumns {
  readonly firstOpenMs: number;
  readonly length: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Bars missing before `line`: `missing` of them, the first opening at `fromMs`. */
export interface CandleGap {
  readonly line: number;
  readonly fromMs: number;
  readonly missing: number;
}

export interface ParsedCandleFile {
  readonly columns: CandleColumns;
  readonly gaps: readonly CandleGap[];
}

/** One problem in a file: its line (the header is line 1), or undefined for the file as a whole. */
export type ReportProblem = (line: number | undefined, message: string) => void;

/**
 * Reads one candle file, checking each row: six fields, a timestamp (ISO-8601 with a zone, or epoch
 * milliseconds), positive finite prices, a finite volume ≥ 0, high ≥ max(open, close), low ≤
 * min(open, close), strictly ascending, opening on the interval's grid. Missing bars come back as gaps
 * (the caller's policy decides); the columns hold the rows as if the gaps were filled at the previous
 * close with volume 0.
 */
export function parseCandleFile(
  text: string,
  interval: CandleInterval,
  report: ReportProblem,
): ParsedCandleFile {
  const barMs = intervalMs(interval);
  const lines = text.split('\n');
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  if (header !== CANDLE_HEADER) report(1, `header must be "${CANDLE_HEADER}", found "${header}"`);
  const builder = new ColumnBuilder(lines.length, barMs);
  const gaps: CandleGap[] = [];
  let previous = NaN;
  // A gap left by rows already reported is not a second problem.
  let rejected = false;
  for (let i = 1; i < lines.length; i++) {
    const row = lines[i].trim();
    if (row === '') continue;
    const bar = parseRow(row, i + 1, report);
    const problem = bar && placementProblem(bar[0], previous, barMs, interval);
    if (!bar || problem) {
      if (problem) report(i + 1, problem);
      rejected = true;
      continue;
    }
    const missing = Number.isNaN(previous) ? 0 : (bar[0] - previous) / barMs - 1;
    if (missing > 0) {
      if (!rejected) gaps.push({ line: i + 1, fromMs: previous + barMs, missing });
      builder.fillForward(missing);
    }
    builder.push(bar);
    previous = bar[0];
    rejected = false;
  }
  if (builder.length === 0) report(undefined, 'no bars');
  return { columns: builder.columns(), gaps };
}

/** A bar must open on the interval's grid, after the bar before it. */
function placementProblem(
  openTime: number,
  previous: number,
  barMs: number,
  interval: CandleInterval,
): string | undefined {
  if (openTime % barMs !== 0) return `timestamp ${iso(openTime)} is not on the ${interval} grid`;
  if (openTime <= previous)
    return `timestamp ${iso(openTime)} is not after the previous bar's ${iso(previous)}`;
  return undefined;
}

type Bar = [
  openTime: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
];

const FIELDS = ['open', 'high', 'low', 'close'] as const;

function parseRow(row: string, line: number, report: ReportProblem): Bar | undefined {
  const fields = row.split(',');
  if (fields.length !== 6) {
    report(line, `expected 6 fields (${CANDLE_HEADER}), found ${fields.length}`);
    return undefined;
  }
  const openTime = parseTimestamp(fields[0]);
  if (Number.isNaN(openTime)) {
    report(line, `timestamp "${fields[0]}" is neither ISO-8601 with a zone nor epoch milliseconds`);
    return undefined;
  }
  const bar: Bar = [openTime, 0, 0, 0, 0, 0];
  let valid = true;
  for (let f = 0; f < 4; f++) {
    const value = numberField(fields[f + 1]);
    if (!(value > 0 && Number.isFinite(value))) {
      report(line, `${FIELDS[f]} "${fields[f + 1]}" is not a positive finite number`);
      valid = false;
    }
    bar[f + 1] = value;
  }
  const volume = numberField(fields[5]);
  if (!(volume >= 0) || !Number.isFinite(volume)) {
    report(line, `volume "${fields[5]}" is not a finite number ≥ 0`);
    valid = false;
  }
  bar[5] = volume;
  if (!valid) return undefined;
  const [, open, high, low, close] = bar;
  if (high < Math.max(open, close)) {
    report(line, `high ${high} is below max(open, close) ${Math.max(open, close)}`);
    valid = false;
  }
  if (low > Math.min(open, close)) {
    report(line, `low ${low} is above min(open, close) ${Math.min(open, close)}`);
    valid = false;
  }
  return valid ? bar : undefined;
}

/** `Number('')` is 0; an empty field is a problem, not a zero. */
function numberField(text: string): number {
  const value = Number(text);
  return value === 0 && text.trim() === '' ? NaN : value;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Epoch milliseconds, or ISO-8601 with a zone (a date alone is UTC): never the machine's local time. */
function parseTimestamp(text: string): number {
  const fast = utcSeconds(text);
  if (!Number.isNaN(fast)) return fast;
  const trimmed = text.trim();
  if (/^\d{1,15}$/.test(trimmed)) return Number(trimmed);
  if (!ISO_WITH_ZONE.test(trimmed)) return NaN;
  // Date.parse rolls 31 February over into March.
  const [year, month, day] = trimmed.slice(0, 10).split('-').map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return Date.parse(trimmed.replace(' ', 'T'));
}

/**
 * The common form, `2021-05-01T00:05:00Z` (or `.000Z`), read digit by digit: a year of 1-minute bars
 * has half a million of them per file, and the general parser is most of the load time. NaN for any
 * other form, which the general path then reads or refuses.
 */
function utcSeconds(text: string): number {
  const n = text.length;
  if (n !== 20 && n !== 24) return NaN;
  if (text.charCodeAt(n - 1) !== 90 /* Z */) return NaN;
  if (n === 24 && text.slice(19, 23) !== '.000') return NaN;
  const separators = text[4] + text[7] + text[10] + text[13] + text[16];
  if (separators !== '--T::') return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return NaN;
  // 31 February is not a date.
  return day <= 28 || day <= daysInMonth(year, month)
    ? Date.UTC(year, month - 1, day, hour, minute, second)
    : NaN;
}

function daysInMonth(year: number, month: number): number {
  return (Date.UTC(year, month, 1) - Date.UTC(year, month - 1, 1)) / 86_400_000;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

class ColumnBuilder {
  private open: Float64Array;
  private high: Float64Array;
  private low: Float64Array;
  private close: Float64Array;
  private volume: Float64Array;
  private firstOpenMs = NaN;
  length = 0;

  constructor(
    capacity: number,
    private readonly barMs: number,
  ) {
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
  }

  push([openTime, open, high, low, close, volume]: Bar): void {
    if (this.length === 0) this.firstOpenMs = openTime;
    if (this.length === this.open.length) this.grow();
    const i = this.length++;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
  }

  /** Flat bars at the previous close, volume 0: a market where nothing traded. */
  fillForward(count: number): void {
    const price = this.close[this.length - 1];
    for (let k = 0; k < count; k++) {
      this.push([this.firstOpenMs + this.length * this.barMs, price, price, price, price, 0]);
    }
  }

  columns(): CandleColumns {
    const n = this.length;
    return {
      firstOpenMs: this.firstOpenMs,
      length: n,
      open: this.open.subarray(0, n),
      high: this.high.subarray(0, n),
      low: this.low.subarray(0, n),
      close: this.close.subarray(0, n),
      volume: this.volume.subarray(0, n),
    };
  }

  /** Gaps filled forward can make the grid longer than the file has lines. */
  private grow(): void {
    const size = Math.max(16, this.open.length * 2);
    const larger = (from: Float64Array): Float64Array => {
      const to = new Float64Array(size);
      to.set(from);
      return to;
    };
    this.open = larger(this.open);
    this.high = larger(this.high);
    this.low = larger(this.low);
    this.close = larger(this.close);
    this.volume = larger(this.volume);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Every bar of one symbol's file in `dir` (`BTC_USDT-5m.csv` for `BTCUSDT`, whatever its interval), for
 * fixtures and tools that want plain candles; a file with problems throws them, one line each.
 */
export function readCandleFile(dir: string, symbol: string): Candle[] {
  const name = readdirSync(dir)
    .map(candleFileName)
    .find((f) => f?.symbol === symbol);
  if (!name || !isCandleInterval(name.interval))
    throw new Error(`${dir}: no candle file for ${symbol}`);
  const problems: string[] = [];
  const { columns, gaps } = parseCandleFile(
    readFileSync(join(dir, name.file), 'utf8'),
    name.interval,
    (line, message) => problems.push(`${name.file}:${line ?? ''}: ${message}`),
  );
  if (gaps.length > 0) problems.push(`${name.file}: ${gaps.length} gaps`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const barMs = intervalMs(name.interval);
  return Array.from({ length: columns.length }, (_, i) => ({
    symbol,
    openTime: columns.firstOpenMs + i * barMs,
    open: columns.open[i],
    high: columns.high[i],
    low: columns.low[i],
    close: columns.close[i],
    volume: columns.volume[i],
  }));
}
