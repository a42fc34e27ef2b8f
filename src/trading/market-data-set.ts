import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GapPolicy } from '../config/environment.dto.js';
import type { Candle, MarketTick } from './candle.js';
import {
  CANDLE_INTERVALS,
  type CandleInterval,
  intervalMs,
  isCandleInterval,
} from './candle-interval.js';
import {
  type CandleColumns,
  type CandleFileName,
  candleFileName,
  parseCandleFile,
} from './candle-file.js';
import { MarketDataError } from './market-data.error.js';

/** Bars pre-loaded before the first replayed tick, so strategies have indicator history at once. */
export const REPLAY_WARMUP_BARS = 96;

/** More problems than this in one file are summed up in one line: the first ones say enough. */
const PROBLEMS_PER_FILE = 20;

export interface MarketDataSetOptions {
  readonly dir: string;
  /** Narrows the universe to these symbols; undefined = every candle file in `dir`. */
  readonly symbols?: readonly string[];
  readonly gapPolicy: GapPolicy;
  /** Bars closing after this market time are left out (`REPLAY_TO`). */
  readonly toMs?: number;
}

/**
 * Candle files of any symbols at one interval, checked and aligned on time: the replay's universe and
 * its bars over the span every symbol covers. Bar `i` of every symbol opens at `openTime(i)`, so a
 * tick zips bars by time, never by position in a file.
 */
export class MarketDataSet {
  /** Built by `load`, which checks what this takes for granted. */
  constructor(
    readonly dir: string,
    readonly interval: CandleInterval,
    private readonly series: ReadonlyMap<string, { columns: CandleColumns; offset: number }>,
    readonly firstOpenMs: number,
    readonly length: number,
    /** What the loader did that a person should know: gaps filled, files trimmed to the common span. */
    readonly notes: readonly string[],
  ) {}

  get symbols(): readonly string[] {
    return [...this.series.keys()];
  }

  get barMs(): number {
    return intervalMs(this.interval);
  }

  openTime(index: number): number {
    return this.firstOpenMs + index * this.barMs;
  }

  /** The first bar opening at or after `ms` (`length` when none does). */
  indexAtOrAfter(ms: number): number {
    const index = Math.ceil((ms - this.firstOpenMs) / this.barMs);
    return Math.min(this.length, Math.max(0, index));
  }

  candle(symbol: string, index: number): Candle {
    const found = this.series.get(symbol);
    if (!found || index < 0 || index >= this.length)
      throw new RangeError(`no bar ${index} of ${symbol}`);
    const { columns: c, offset } = found;
    const i = index + offset;
    return {
      symbol,
      openTime: this.openTime(index),
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close: c.close[i],
      volume: c.volume[i],
    };
  }

  /** Bar `index` of every symbol. */
  tick(index: number): MarketTick {
    return this.symbols.map((symbol) => this.candle(symbol, index));
  }

  /** Reads and checks every file; a data set the replay cannot trust throws one line per problem. */
  static load(options: MarketDataSetOptions): MarketDataSet {
    const problems = new ProblemList();
    const files = selectFiles(options, problems);
    const interval = commonInterval(files, problems);
    if (!interval || problems.count > 0) throw new MarketDataError(options.dir, problems.lines);
    const notes: string[] = [];
    const series = new Map<string, CandleColumns>();
    for (const file of files) {
      const found: { line: number; message: string }[] = [];
      const parsed = parseCandleFile(
        readFileSync(join(options.dir, file.file), 'utf8'),
        interval,
        (line, message) => found.push({ line: line ?? 0, message }),
      );
      const missing = parsed.gaps.reduce((sum, gap) => sum + gap.missing, 0);
      if (options.gapPolicy === 'refuse') {
        for (const gap of parsed.gaps)
          found.push({ line: gap.line, message: describeGap(gap, interval) });
      } else if (missing > 0) {
        notes.push(
          `${file.file}: ${missing} missing bars in ${parsed.gaps.length} gaps filled forward at the previous close, volume 0 (GAP_POLICY=fill-forward)`,
        );
      }
      for (const { line, message } of found.sort((a, b) => a.line - b.line))
        problems.add(file.file, line || undefined, message);
      series.set(file.symbol, parsed.columns);
    }
    if (problems.count > 0) throw new MarketDataError(options.dir, problems.lines);
    return align(options, interval, files, series, notes);
  }
}

function selectFiles(options: MarketDataSetOptions, problems: ProblemList): CandleFileName[] {
  if (!existsSync(options.dir)) {
    problems.add(options.dir, undefined, 'no such directory (MARKET_DATA_DIR)');
    return [];
  }
  const all = readdirSync(options.dir)
    .sort()
    .map(candleFileName)
    .filter((f) => f !== undefined);
  const wanted = options.symbols;
  const files = wanted ? all.filter((f) => wanted.includes(f.symbol)) : all;
  for (const symbol of wanted ?? []) {
    if (!all.some((f) => f.symbol === symbol))
      problems.add(
        'SYMBOLS',
        undefined,
        `${symbol} has no candle file <BASE>_<QUOTE>-<interval>.csv`,
      );
  }
  if (all.length === 0)
    problems.add(options.dir, undefined, 'no candle files named <BASE>_<QUOTE>-<interval>.csv');
  return files;
}

/** One interval for the whole data set: a file at another one is a problem, not a second universe. */
function commonInterval(
  files: readonly CandleFileName[],
  problems: ProblemList,
): CandleInterval | undefined {
  let chosen: CandleFileName | undefined;
  for (const file of files) {
    if (!isCandleInterval(file.interval)) {
      problems.add(
        file.file,
        undefined,
        `interval "${file.interval}" is not one of ${CANDLE_INTERVALS.join(', ')}`,
      );
    } else if (!chosen) chosen = file;
    else if (file.interval !== chosen.interval) {
      problems.add(
        file.file,
        undefined,
        `interval ${file.interval} differs from ${chosen.file}'s ${chosen.interval}: a data set has one interval`,
      );
    }
  }
  return chosen?.interval as CandleInterval | undefined;
}

function describeGap(gap: { fromMs: number; missing: number }, interval: CandleInterval): string {
  const last = gap.fromMs + (gap.missing - 1) * intervalMs(interval);
  const span = gap.missing === 1 ? iso(gap.fromMs) : `${iso(gap.fromMs)} to ${iso(last)}`;
  return `gap of ${gap.missing} ${interval} bar${gap.missing === 1 ? '' : 's'} (${span}); GAP_POLICY=fill-forward fills it with flat bars`;
}

/** The span every symbol covers, cut at `toMs`; each file's offset into it. */
function align(
  options: MarketDataSetOptions,
  interval: CandleInterval,
  files: readonly CandleFileName[],
  series: ReadonlyMap<string, CandleColumns>,
  notes: string[],
): MarketDataSet {
  const barMs = intervalMs(interval);
  const spans = files.map((f) => {
    const columns = series.get(f.symbol) as CandleColumns;
    return { file: f, columns, first: columns.firstOpenMs, last: lastOpen(columns, barMs) };
  });
  const latestStart = spans.reduce((a, b) => (b.first > a.first ? b : a));
  const earliestEnd = spans.reduce((a, b) => (b.last < a.last ? b : a));
  const first = latestStart.first;
  let last = earliestEnd.last;
  if (options.toMs !== undefined)
    last = Math.min(last, Math.floor((options.toMs - barMs) / barMs) * barMs);
  const length = last >= first ? (last - first) / barMs + 1 : 0;
  const problems: string[] = [];
  if (earliestEnd.last < latestStart.first) {
    problems.push(
      `no common span: ${earliestEnd.file.file} ends at ${iso(earliestEnd.last)}, before ${latestStart.file.file} starts at ${iso(latestStart.first)}`,
    );
  } else if (length <= REPLAY_WARMUP_BARS) {
    problems.push(
      `${length} ${interval} bars from ${iso(first)}${options.toMs !== undefined ? ' to REPLAY_TO' : ''} that every symbol covers; a replay needs more than its ${REPLAY_WARMUP_BARS}-bar warm-up`,
    );
  }
  if (problems.length > 0) throw new MarketDataError(options.dir, problems);
  for (const span of spans) {
    const before = (first - span.first) / barMs;
    const after = (span.last - earliestEnd.last) / barMs;
    if (before > 0 || after > 0)
      notes.push(
        `${span.file.file}: ${before} bars before and ${after} after the span every symbol covers (${iso(first)} to ${iso(earliestEnd.last + barMs)}) are not replayed`,
      );
  }
  const aligned = new Map(
    spans.map((s) => [s.file.symbol, { columns: s.columns, offset: (first - s.first) / barMs }]),
  );
  return new MarketDataSet(options.dir, interval, aligned, first, length, notes);
}

function lastOpen(columns: CandleColumns, barMs: number): number {
  return columns.firstOpenMs + (columns.length - 1) * barMs;
}

/** Problems named `file:line`, at most a screenful per file. */
class ProblemList {
  readonly lines: string[] = [];
  private readonly perFile = new Map<string, number>();

  get count(): number {
    return this.lines.length;
  }

  add(file: string, line: number | undefined, message: string): void {
    const seen = (this.perFile.get(file) ?? 0) + 1;
    this.perFile.set(file, seen);
    if (seen <= PROBLEMS_PER_FILE) {
      this.lines.push(`${file}${line === undefined ? '' : `:${line}`}: ${message}`);
    } else if (seen === PROBLEMS_PER_FILE + 1) {
      this.lines.push(`${file}: more problems after these ${PROBLEMS_PER_FILE}; fix them first`);
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
